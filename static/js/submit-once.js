// fazhi — a form is sent once: its submit buttons are disabled while it is posted (no inline scripts: the
// Content-Security-Policy forbids them). The server refuses a second post of a create form anyway
// (core.submissions); this spares the user the second click. Buttons come back when the page is shown again
// from the browser's back/forward cache.
(function () {
  "use strict";
  var MARK = "data-fz-sending";

  function buttons(form) {
    var inside = form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
    var outside = form.id ? document.querySelectorAll("[form='" + form.id + "'][type=submit]") : [];
    return Array.prototype.slice.call(inside).concat(Array.prototype.slice.call(outside));
  }

  // On the document, so that a form's own handlers (e.g. "save before freezing") run first and may cancel.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) { return; }
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") { return; }
    // After the submission's data is taken (a disabled submitter would lose its name and value).
    window.setTimeout(function () {
      buttons(form).forEach(function (button) {
        if (!button.disabled) {
          button.disabled = true;
          button.setAttribute(MARK, "");
          button.setAttribute("aria-disabled", "true");
        }
      });
    }, 0);
  });

  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[" + MARK + "]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute(MARK);
      button.removeAttribute("aria-disabled");
    });
  });
}());
