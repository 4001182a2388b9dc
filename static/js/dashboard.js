// fazhi — the dashboard's charts (Apache ECharts, served from static/vendor). No inline scripts: the
// Content-Security-Policy is script-src 'self', so each chart's numbers come from a
// <script type="application/json" id="chart-data-ID"> data island, and every chart has a <table> of the
// same numbers behind its 表格/图表 switch. Clicking a bar, a point or a slice opens the records behind it.
(function () {
  "use strict";
  var FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';
  var TEXT = "#343a40", MUTED = "#6c757d", LINE = "#dde2e8";
  // A restrained palette on the red and grey of the shell.
  var PALETTE = ["#a61b1b", "#5b6b7c", "#c8963e", "#9aa9b8", "#d46a6a", "#343a40", "#e3c58f", "#7a2e2e", "#6f8f8a", "#c5ccd3"];
  var charts = [];

  // A tooltip is HTML (ECharts sets it as innerHTML), and a category's name is free text (a respondent's name
  // is typed by whoever files a case): every name, label and value put into one goes through escapeHtml.
  // Only ECharts' own marker (a coloured dot it builds itself) is HTML.
  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function escapeHtml(value) {
    return String(value === null || value === undefined ? "" : value).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
  }

  function fmt(value, unit) {
    if (value === null || value === undefined) { return "—"; }
    return unit === "%" ? Number(value).toFixed(2) + "%" : value + unit;
  }

  function base(spec, isStatic) {
    return {
      color: PALETTE,
      animation: !isStatic,
      textStyle: { fontFamily: FONT, color: TEXT, fontSize: 12 },
      tooltip: {
        trigger: spec.kind === "pie" ? "item" : "axis",
        axisPointer: { type: spec.kind === "line" ? "line" : "shadow" },
        textStyle: { fontFamily: FONT, fontSize: 12 },
        confine: true
      },
      legend: { top: 0, left: "center", itemWidth: 14, itemHeight: 9, textStyle: { fontFamily: FONT, color: TEXT } }
    };
  }

  function axisTooltip(spec) {
    return function (items) {
      var lines = [items.length ? escapeHtml(items[0].axisValueLabel) : ""];
      items.forEach(function (p) {
        var value = p.value && p.value.value !== undefined ? p.value.value : p.value;
        lines.push(p.marker + escapeHtml(p.seriesName) + "：" + escapeHtml(fmt(value, spec.unit)));
      });
      return lines.join("<br>");
    };
  }

  function categoryAxis(spec, extra) {
    var axis = {
      type: "category", data: spec.categories,
      axisLine: { lineStyle: { color: LINE } }, axisTick: { show: false },
      axisLabel: { color: TEXT, fontFamily: FONT, hideOverlap: true }
    };
    return Object.assign(axis, extra || {});
  }

  function valueAxis(spec) {
    return {
      type: "value", minInterval: spec.unit === "%" ? 0 : 1,
      splitLine: { lineStyle: { color: "#eef1f5" } },
      axisLabel: { color: MUTED, fontFamily: FONT, formatter: spec.unit === "%" ? "{value}%" : "{value}" }
    };
  }

  function barOrLine(spec, isStatic, horizontal) {
    var o = base(spec, isStatic);
    o.tooltip.formatter = axisTooltip(spec);
    o.grid = { left: 8, right: horizontal ? 48 : 16, top: spec.series.length > 1 ? 34 : 14, bottom: 8, containLabel: true };
    if (spec.series.length < 2) { o.legend.show = false; }
    if (horizontal) {
      o.yAxis = categoryAxis(spec, { inverse: true, axisLabel: { color: TEXT, fontFamily: FONT, width: 130, overflow: "truncate" } });
      o.xAxis = valueAxis(spec);
    } else {
      o.xAxis = categoryAxis(spec);
      o.yAxis = valueAxis(spec);
    }
    o.series = spec.series.map(function (s) {
      var line = (s.type || spec.kind) === "line";
      var data = s.data.map(function (v, i) {
        var point = { value: v };
        if (s.baseline && s.baseline[i]) { point.symbol = "emptyCircle"; point.symbolSize = 9; }
        return point;
      });
      var out = {
        name: s.name, type: line ? "line" : "bar", data: data,
        itemStyle: { color: s.color },
        emphasis: { focus: "series" },
        cursor: "pointer"
      };
      if (line) {
        out.symbol = "circle"; out.symbolSize = 7; out.connectNulls = false;
        out.lineStyle = { width: 2, type: s.dashed ? "dashed" : "solid", color: s.color };
        if (!s.dashed) {
          out.label = { show: true, position: "top", color: TEXT, fontFamily: FONT, fontSize: 11,
            formatter: function (p) { return p.value === null || p.value === undefined ? "" : fmt(p.value, spec.unit); } };
        }
      } else {
        out.barMaxWidth = horizontal ? 16 : 22;
        out.label = { show: horizontal || spec.categories.length <= 12, position: horizontal ? "right" : "top", color: TEXT,
          fontFamily: FONT, fontSize: 11, formatter: function (p) {
            if (p.value === null || p.value === undefined) { return ""; }
            if (spec.unit === "%") { return fmt(p.value, "%"); }
            return p.value ? String(p.value) : "";
          } };
      }
      return out;
    });
    return o;
  }

  function pie(spec, isStatic) {
    var o = base(spec, isStatic);
    var s = spec.series[0];
    var total = s.data.reduce(function (a, b) { return a + (b || 0); }, 0);
    o.tooltip.formatter = function (p) {
      return p.marker + escapeHtml(p.name) + "：" + escapeHtml(p.value + spec.unit) + "（" + escapeHtml(p.percent) + "%）";
    };
    o.legend = { orient: "vertical", right: 8, top: "middle", itemWidth: 12, itemHeight: 9, textStyle: { fontFamily: FONT, color: TEXT },
      formatter: function (name) {
        var i = spec.categories.indexOf(name);
        return name + "  " + (i >= 0 ? s.data[i] : "") + spec.unit;
      } };
    o.title = { text: String(total), subtext: "合计（" + spec.unit + "）", left: "34%", top: "40%", textAlign: "center",
      textStyle: { fontFamily: FONT, fontSize: 20, color: TEXT, fontWeight: "bold" }, subtextStyle: { fontFamily: FONT, color: MUTED } };
    o.series = [{
      name: s.name, type: "pie", radius: ["42%", "68%"], center: ["35%", "52%"], avoidLabelOverlap: true, cursor: "pointer",
      itemStyle: { borderColor: "#fff", borderWidth: 2 },
      label: { show: true, color: TEXT, fontFamily: FONT, fontSize: 11, formatter: function (p) { return p.percent >= 4 ? p.percent.toFixed(1) + "%" : ""; } },
      labelLine: { length: 6, length2: 6 },
      data: spec.categories.map(function (name, i) {
        var item = { name: name, value: s.data[i] };
        if (s.colors && s.colors[i]) { item.itemStyle = { color: s.colors[i] }; }
        return item;
      }).filter(function (d) { return d.value > 0; })
    }];
    if (!o.series[0].data.length) { o.title.text = "0"; }
    return o;
  }

  function option(spec, isStatic) {
    if (spec.kind === "pie") { return pie(spec, isStatic); }
    return barOrLine(spec, isStatic, spec.kind === "hbar");
  }

  function urlOf(spec, params) {
    var s = spec.series[params.seriesIndex] || spec.series[0];
    if (!s || !s.urls) { return null; }
    var index = params.dataIndex;
    if (spec.kind === "pie") { index = spec.categories.indexOf(params.name); }
    return s.urls[index] || null;
  }

  function init(card) {
    var id = card.getAttribute("data-chart");
    var island = document.getElementById("chart-data-" + id);
    var holder = card.querySelector(".fz-chart");
    if (!island || !holder || typeof echarts === "undefined") { return; }
    var spec = JSON.parse(island.textContent);
    var isStatic = card.hasAttribute("data-static");
    holder.style.height = (parseInt(card.getAttribute("data-height"), 10) || 300) + "px";
    var chart = echarts.init(holder, null, { renderer: "svg", locale: "ZH" });
    chart.setOption(option(spec, isStatic));
    chart.on("click", function (params) {
      var url = urlOf(spec, params);
      if (url) { window.location.href = url; }
    });
    charts.push(chart);
  }

  function toggle(button) {
    var card = button.closest(".fz-chart-card");
    var table = card.querySelector(".fz-chart-table");
    var showTable = !card.classList.contains("fz-show-table");
    card.classList.toggle("fz-show-table", showTable);
    table.classList.toggle("visually-hidden", !showTable);
    button.setAttribute("aria-pressed", showTable ? "true" : "false");
    button.innerHTML = showTable ? '<i class="bi bi-bar-chart me-1"></i>图表' : '<i class="bi bi-table me-1"></i>表格';
    if (!showTable) { charts.forEach(function (c) { c.resize(); }); }
  }

  function periodForm(form) {
    var kind = form.querySelector("[data-fz-kind]");
    function show() {
      form.querySelectorAll("[data-fz-for]").forEach(function (block) {
        var on = block.getAttribute("data-fz-for").split(" ").indexOf(kind.value) >= 0;
        block.hidden = !on;
        block.querySelectorAll("input, select").forEach(function (el) { el.disabled = !on; });
      });
    }
    show();
    kind.addEventListener("change", function () {
      show();
      if (kind.value !== "range") { form.submit(); }
    });
    form.querySelectorAll("[data-fz-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(init);
    document.querySelectorAll("[data-fz-toggle]").forEach(function (b) {
      b.addEventListener("click", function () { toggle(b); });
    });
    document.querySelectorAll("form[data-fz-period]").forEach(periodForm);
    document.querySelectorAll("[data-fz-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    var resize = function () { charts.forEach(function (c) { c.resize(); }); };
    window.addEventListener("resize", resize);
    window.addEventListener("beforeprint", resize);
    window.addEventListener("afterprint", resize);
  });
})();
