// fazhi — the annual report editor (no inline scripts: the Content-Security-Policy forbids them).
//
// Each block of the report is a contenteditable <div class="fz-block" data-id data-part data-section data-level>.
// Numbers are chips, <span class="fz-ref" contenteditable="false" data-ref="key|fmt">151件</span>: the browser
// treats them as one character, so editing around a number cannot break it. On save the blocks are written back
// as text in which every chip is a token, {{key}} or {{key|fmt}}, and POSTed as JSON; the server checks every
// token and saves all or nothing. The reference picker inserts a chip at the caret; a suggestion is inserted as a
// new paragraph at the end of its part.
(function () {
  "use strict";

  function closestBlock(node, editor) {
    while (node && node !== editor) {
      if (node.nodeType === 1 && node.classList.contains("fz-block")) { return node; }
      node = node.parentNode;
    }
    return null;
  }

  function closestChip(node, block) {
    while (node && node !== block) {
      if (node.nodeType === 1 && node.classList.contains("fz-ref")) { return node; }
      node = node.parentNode;
    }
    return null;
  }

  // The block's text with every chip as its token; zero-width spaces (caret helpers) dropped, whitespace collapsed.
  function serialise(node) {
    var out = "";
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 3) {
        out += child.nodeValue;
      } else if (child.nodeType === 1) {
        if (child.dataset && child.dataset.ref) {
          out += "{{" + child.dataset.ref + "}}";
        } else if (child.tagName !== "BR") {
          out += serialise(child);
        }
      }
    });
    return out;
  }

  function clean(text) {
    return text.replace(/\u200b/g, "").replace(/\s+/g, " ").trim();
  }

  function chineseDate(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    return m ? m[1] + "年" + parseInt(m[2], 10) + "月" + parseInt(m[3], 10) + "日" : "";
  }

  function init() {
    var editor = document.getElementById("fz-report-editor");
    if (!editor) { return; }
    var readonly = editor.dataset.readonly === "1";
    var status = document.getElementById("fz-status");
    var errorsBox = document.getElementById("fz-errors");
    var levelSelect = document.getElementById("fz-level");
    var dirty = false;
    var lastRange = null;
    var current = null;

    function blocks() { return Array.prototype.slice.call(editor.querySelectorAll(".fz-block")); }

    function setStatus(text, css) {
      if (!status) { return; }
      status.textContent = text;
      status.className = "small mb-2 " + (css || "text-success");
    }

    function showErrors(list) {
      if (!errorsBox) { return; }
      errorsBox.textContent = "";
      var title = document.createElement("div");
      title.className = "fw-semibold";
      title.textContent = "未保存：";
      errorsBox.appendChild(title);
      var ul = document.createElement("ul");
      ul.className = "mb-0";
      list.forEach(function (message) {
        var li = document.createElement("li");
        li.textContent = message;
        ul.appendChild(li);
      });
      errorsBox.appendChild(ul);
      errorsBox.classList.remove("d-none");
      errorsBox.scrollIntoView({ block: "nearest" });
    }

    function hideErrors() { if (errorsBox) { errorsBox.classList.add("d-none"); } }

    function markDirty() {
      dirty = true;
      setStatus("有未保存的修改", "text-warning");
    }

    function setCurrent(block) {
      if (current === block) { return; }
      if (current) { current.classList.remove("fz-current"); }
      current = block;
      if (current) {
        current.classList.add("fz-current");
        if (levelSelect) { levelSelect.value = current.dataset.level; }
      }
    }

    function emptyToPlaceholder(block) {
      if (!block.textContent.replace(/\u200b/g, "") && !block.querySelector(".fz-ref")) { block.innerHTML = ""; }
    }

    function placeCaret(block, atStart) {
      block.focus();
      var range = document.createRange();
      range.selectNodeContents(block);
      range.collapse(!!atStart);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      lastRange = range.cloneRange();
      setCurrent(block);
    }

    function makeBlock(part, section, level) {
      var block = document.createElement("div");
      block.className = "fz-block fz-" + level;
      block.dataset.id = "";
      block.dataset.part = part;
      block.dataset.section = section || "";
      block.dataset.level = level;
      block.dataset.placeholder = "请输入内容。";
      block.spellcheck = false;
      if (!readonly) { block.setAttribute("contenteditable", "true"); }
      return block;
    }

    // ---- mirrors of the header fields on the paper -------------------------------------------------------
    [["fz-title", ".fz-paper-title"], ["fz-issuer", "[data-fz-mirror='fz-issuer']"]].forEach(function (pair) {
      var input = document.getElementById(pair[0]);
      var target = editor.querySelector(pair[1]);
      if (input && target) {
        input.addEventListener("input", function () { target.textContent = input.value; markDirty(); });
      }
    });
    var dateInput = document.getElementById("fz-issue-date");
    var dateMirror = editor.querySelector("[data-fz-date]");
    if (dateInput && dateMirror) {
      dateInput.addEventListener("change", function () { dateMirror.textContent = chineseDate(dateInput.value); markDirty(); });
    }
    var addressee = document.getElementById("fz-addressee");
    if (addressee) { addressee.addEventListener("input", markDirty); }

    // ---- the picker's search works read-only too ------------------------------------------------------------
    var search = document.getElementById("fz-ref-search");
    if (search) {
      search.addEventListener("input", function () {
        var q = search.value.trim().toLowerCase();
        document.querySelectorAll(".fz-ref-option").forEach(function (option) {
          option.hidden = q !== "" && option.dataset.search.toLowerCase().indexOf(q) === -1;
        });
      });
    }
    if (readonly) { return; }

    // ---- where the caret is -----------------------------------------------------------------------------------
    document.addEventListener("selectionchange", function () {
      var sel = window.getSelection();
      if (!sel.rangeCount) { return; }
      var range = sel.getRangeAt(0);
      var block = closestBlock(range.startContainer, editor);
      if (block) {
        lastRange = range.cloneRange();
        setCurrent(block);
      }
    });

    editor.addEventListener("input", function (event) {
      var block = closestBlock(event.target, editor);
      if (block) { emptyToPlaceholder(block); }
      markDirty();
    });

    editor.addEventListener("keydown", function (event) {
      var block = closestBlock(event.target, editor);
      if (!block) { return; }
      if (event.key === "Enter") {
        // A new paragraph from the caret on (never a <div> or <br> inside the block).
        event.preventDefault();
        var sel = window.getSelection();
        if (!sel.rangeCount) { return; }
        var range = sel.getRangeAt(0);
        range.deleteContents();
        var chip = closestChip(range.startContainer, block);
        if (chip) { range.setStartAfter(chip); }
        var tail = document.createRange();
        tail.setStart(range.startContainer, range.startOffset);
        tail.setEnd(block, block.childNodes.length);
        var next = makeBlock(block.dataset.part, block.dataset.section, "paragraph");
        next.appendChild(tail.extractContents());
        emptyToPlaceholder(block);
        emptyToPlaceholder(next);
        block.after(next);
        placeCaret(next, true);
        markDirty();
      } else if (event.key === "Backspace" && !block.textContent.replace(/\u200b/g, "") && !block.querySelector(".fz-ref")) {
        var previous = block.previousElementSibling;
        if (previous && previous.classList.contains("fz-block")) {
          event.preventDefault();
          block.remove();
          placeCaret(previous, false);
          markDirty();
        }
      } else if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
        event.preventDefault();
        save();
      }
    });

    // Only plain text comes in: no fonts, colours or tags from a word processor or a web page.
    editor.addEventListener("paste", function (event) {
      event.preventDefault();
      var text = (event.clipboardData || window.clipboardData).getData("text/plain").replace(/\s+/g, " ");
      document.execCommand("insertText", false, text);
    });
    editor.addEventListener("drop", function (event) { event.preventDefault(); });

    // ---- paragraph tools -----------------------------------------------------------------------------------------
    if (levelSelect) {
      levelSelect.addEventListener("change", function () {
        if (!current) { return; }
        current.classList.remove("fz-" + current.dataset.level);
        current.dataset.level = levelSelect.value;
        current.classList.add("fz-" + levelSelect.value);
        markDirty();
      });
    }
    var addButton = document.getElementById("fz-add");
    if (addButton) {
      addButton.addEventListener("click", function () {
        var all = blocks();
        var after = current || all[all.length - 1];
        var block = makeBlock(after.dataset.part, after.dataset.section, "paragraph");
        after.after(block);
        placeCaret(block, true);
        markDirty();
      });
    }
    var removeButton = document.getElementById("fz-remove");
    if (removeButton) {
      removeButton.addEventListener("click", function () {
        if (!current || blocks().length < 2) { return; }
        var previous = current.previousElementSibling;
        current.remove();
        current = null;
        if (previous && previous.classList.contains("fz-block")) { placeCaret(previous, false); }
        markDirty();
      });
    }

    // ---- the reference picker: a chip at the caret -------------------------------------------------------------
    function insertChip(ref, text, title) {
      var block = lastRange ? closestBlock(lastRange.startContainer, editor) : null;
      if (!block) {
        showErrors(["请先在正文中点击要插入数字的位置，再点“插入”。"]);
        return;
      }
      hideErrors();
      var range = lastRange.cloneRange();
      range.deleteContents();
      var inside = closestChip(range.startContainer, block);
      if (inside) { range.setStartAfter(inside); range.collapse(true); }
      var chip = document.createElement("span");
      chip.className = "fz-ref";
      chip.setAttribute("contenteditable", "false");
      chip.dataset.ref = ref;
      chip.title = title || "";
      chip.textContent = text;
      range.insertNode(chip);
      // A zero-width space after the chip gives the caret somewhere to stand (dropped again on save).
      var caret = document.createTextNode("\u200b");
      chip.after(caret);
      block.focus();
      var after = document.createRange();
      after.setStart(caret, 1);
      after.collapse(true);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(after);
      lastRange = after.cloneRange();
      markDirty();
    }
    document.querySelectorAll("[data-insert-ref]").forEach(function (button) {
      // mousedown would move the selection out of the editor before the click: keep it where it is.
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        insertChip(button.dataset.insertRef, button.dataset.text, button.dataset.title);
      });
    });

    // ---- suggestions: a new paragraph at the end of their part ----------------------------------------------------
    document.querySelectorAll("[data-take-suggestion]").forEach(function (button) {
      button.addEventListener("click", function () {
        var card = button.closest(".fz-suggestion");
        var template = card.querySelector("template");
        var part = button.dataset.part;
        var inPart = blocks().filter(function (b) { return b.dataset.part === part; });
        if (!inPart.length) { return; }
        var last = inPart[inPart.length - 1];
        var target = last;
        if (last.dataset.level !== "paragraph" || last.textContent.replace(/\u200b/g, "") || last.querySelector(".fz-ref")) {
          target = makeBlock(part, last.dataset.section, "paragraph");
          last.after(target);
        }
        target.appendChild(document.importNode(template.content, true));
        target.classList.add("fz-new");
        target.scrollIntoView({ block: "center" });
        card.classList.add("fz-taken");
        button.disabled = true;
        button.textContent = "已采用";
        setCurrent(target);
        markDirty();
      });
    });

    // ---- save ----------------------------------------------------------------------------------------------------
    function csrfToken() {
      var input = document.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }

    function field(id) {
      var el = document.getElementById(id);
      return el ? el.value : "";
    }

    function payload() {
      return {
        title: field("fz-title"),
        addressee: field("fz-addressee"),
        issuer: field("fz-issuer"),
        issue_date: field("fz-issue-date"),
        blocks: blocks().map(function (block) {
          return {
            id: block.dataset.id || null,
            part: block.dataset.part,
            section: block.dataset.section || "",
            level: block.dataset.level,
            text: clean(serialise(block)),
          };
        }),
      };
    }

    var saving = null;
    function save() {
      if (saving) { return saving; }
      setStatus("正在保存…", "text-muted");
      saving = fetch(editor.dataset.saveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(payload()),
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok && data.ok, data: data }; });
      }).then(function (result) {
        saving = null;
        if (!result.ok) {
          showErrors(result.data.errors || ["保存失败。"]);
          setStatus("未保存", "text-danger");
          return false;
        }
        var all = blocks();
        (result.data.ids || []).forEach(function (id, i) { if (all[i]) { all[i].dataset.id = id; } });
        dirty = false;
        hideErrors();
        setStatus("已保存 " + result.data.saved_at, "text-success");
        return true;
      }).catch(function () {
        saving = null;
        showErrors(["网络错误，未能保存，请稍后重试。"]);
        setStatus("未保存", "text-danger");
        return false;
      });
      return saving;
    }
    var saveButton = document.getElementById("fz-save");
    if (saveButton) { saveButton.addEventListener("click", save); }

    var freezeForm = document.getElementById("fz-freeze-form");
    if (freezeForm) {
      freezeForm.addEventListener("submit", function (event) {
        if (dirty) {
          event.preventDefault();
          showErrors(["有未保存的修改：请先保存，再定稿。"]);
        }
      });
    }
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  }

  document.addEventListener("DOMContentLoaded", init);
}());
