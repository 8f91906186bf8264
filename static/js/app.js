// Small behaviours for every page. No inline scripts: the pages keep a strict CSP.
(function () {
  "use strict";

  // The browser's own checks of a form (required, e-mail, length, range) speak Vietnamese
  // whatever the browser's language: an English-language browser would say "Please fill out
  // this field". The message is set as the field turns out invalid and cleared once edited.
  var validityMessage = function (field) {
    var v = field.validity;
    if (v.valueMissing) {
      if (field.type === "checkbox") { return "Hãy đánh dấu ô này để tiếp tục."; }
      if (field.type === "file") { return "Hãy chọn một tệp."; }
      if (field.tagName === "SELECT" || field.type === "radio") { return "Hãy chọn một mục."; }
      return "Hãy nhập thông tin này.";
    }
    if (v.typeMismatch) {
      return field.type === "email" ? "Địa chỉ e-mail chưa đúng (ví dụ: ten@xa.gov.vn)." : "Giá trị chưa đúng dạng.";
    }
    if (v.tooLong) { return "Tối đa " + field.maxLength + " ký tự."; }
    if (v.tooShort) { return "Tối thiểu " + field.minLength + " ký tự."; }
    if (v.rangeUnderflow) { return "Giá trị nhỏ nhất là " + field.min + "."; }
    if (v.rangeOverflow) { return "Giá trị lớn nhất là " + field.max + "."; }
    if (v.stepMismatch || v.badInput) { return "Hãy nhập một số hợp lệ."; }
    if (v.patternMismatch) { return field.title || "Giá trị chưa đúng dạng."; }
    return "";
  };
  document.addEventListener("invalid", function (event) {
    var field = event.target;
    if (!field.setCustomValidity) { return; }
    field.setCustomValidity("");
    if (!field.validity.valid) { field.setCustomValidity(validityMessage(field)); }
  }, true);
  var clearValidity = function (event) {
    if (event.target.setCustomValidity) { event.target.setCustomValidity(""); }
  };
  document.addEventListener("input", clearValidity, true);
  document.addEventListener("change", clearValidity, true);

  // Submit a form as soon as its select changes (the commune switcher).
  document.querySelectorAll("form.js-autosubmit select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Ask before a destructive or irreversible button is pressed.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (event) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  // "+ Thêm dòng" on Django formsets: clone the empty form with the next index.
  document.querySelectorAll(".formset").forEach(function (box) {
    var prefix = box.getAttribute("data-prefix");
    var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var template = box.querySelector("template.formset-empty");
    var list = box.querySelector(".formset-forms");
    var button = box.querySelector(".js-formset-add");
    if (!total || !template || !list || !button) { return; }
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      list.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
    });
  });
})();

// Calendar picker for the dd/mm/yyyy inputs (dialogue.forms.DateInput, data-picker="date" or
// "datetime"). The text stays the source of truth: typing dd/mm/yyyy (or ISO) always works;
// the calendar only writes the day into it. Keyboard: arrows move, Enter picks, Esc closes.
(function () {
  "use strict";
  var MONTHS = ["Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6", "Tháng 7", "Tháng 8",
    "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"];
  var DAYS = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function parse(text) {
    var m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(text) || null;
    if (m) { return new Date(+m[3], +m[2] - 1, +m[1]); }
    m = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(text);
    if (m) { return new Date(+m[1], +m[2] - 1, +m[3]); }
    return null;
  }
  function format(day) { return pad(day.getDate()) + "/" + pad(day.getMonth() + 1) + "/" + day.getFullYear(); }

  document.querySelectorAll("input[data-picker]").forEach(function (input) {
    var wrap = document.createElement("div");
    wrap.className = "input-group date-picker";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    // Bootstrap shows the field's message (.invalid-feedback, now the wrapper's sibling) only
    // after an .is-invalid element: the wrapper takes the field's mark.
    if (input.classList.contains("is-invalid")) { wrap.classList.add("is-invalid"); }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary";
    button.setAttribute("aria-label", "Chọn ngày trên lịch");
    button.setAttribute("aria-expanded", "false");
    button.textContent = "📅";
    wrap.appendChild(button);
    var panel = null;
    var shown = null;
    var focus = null;

    function close() {
      if (panel) { panel.remove(); panel = null; }
      button.setAttribute("aria-expanded", "false");
    }
    function pick(day) {
      var time = input.getAttribute("data-picker") === "datetime" ? (/\d{1,2}:\d{2}/.exec(input.value) || ["08:00"])[0] : "";
      input.value = format(day) + (time ? " " + time : "");
      input.dispatchEvent(new Event("change", { bubbles: true }));
      close();
      input.focus();
    }
    function render() {
      panel.innerHTML = "";
      var head = document.createElement("div");
      head.className = "d-flex justify-content-between align-items-center mb-1";
      var prev = document.createElement("button");
      prev.type = "button"; prev.className = "btn btn-sm btn-light"; prev.textContent = "‹";
      prev.setAttribute("aria-label", "Tháng trước");
      var next = document.createElement("button");
      next.type = "button"; next.className = "btn btn-sm btn-light"; next.textContent = "›";
      next.setAttribute("aria-label", "Tháng sau");
      var title = document.createElement("span");
      title.className = "fw-bold"; title.setAttribute("aria-live", "polite");
      title.textContent = MONTHS[shown.getMonth()] + " năm " + shown.getFullYear();
      prev.addEventListener("click", function () { shown = new Date(shown.getFullYear(), shown.getMonth() - 1, 1); render(); });
      next.addEventListener("click", function () { shown = new Date(shown.getFullYear(), shown.getMonth() + 1, 1); render(); });
      head.appendChild(prev); head.appendChild(title); head.appendChild(next);
      panel.appendChild(head);
      var grid = document.createElement("table");
      grid.className = "table table-sm mb-0 text-center";
      grid.setAttribute("role", "grid");
      var row = document.createElement("tr");
      DAYS.forEach(function (d) { var th = document.createElement("th"); th.scope = "col"; th.textContent = d; row.appendChild(th); });
      var thead = document.createElement("thead"); thead.appendChild(row); grid.appendChild(thead);
      var body = document.createElement("tbody");
      var first = new Date(shown.getFullYear(), shown.getMonth(), 1);
      var offset = (first.getDay() + 6) % 7;
      var count = new Date(shown.getFullYear(), shown.getMonth() + 1, 0).getDate();
      var selected = parse(input.value);
      row = document.createElement("tr");
      for (var i = 0; i < offset; i++) { row.appendChild(document.createElement("td")); }
      for (var d = 1; d <= count; d++) {
        var day = new Date(shown.getFullYear(), shown.getMonth(), d);
        var td = document.createElement("td");
        var b = document.createElement("button");
        b.type = "button"; b.className = "btn btn-sm btn-link p-0 picker-day"; b.textContent = String(d);
        b.setAttribute("aria-label", d + " " + MONTHS[shown.getMonth()].toLowerCase() + " năm " + shown.getFullYear());
        b.setAttribute("data-day", format(day));
        b.tabIndex = -1;
        if (selected && +selected === +day) { b.setAttribute("aria-pressed", "true"); b.classList.add("fw-bold"); }
        b.addEventListener("click", (function (value) { return function () { pick(value); }; })(day));
        td.appendChild(b); row.appendChild(td);
        if ((offset + d) % 7 === 0) { body.appendChild(row); row = document.createElement("tr"); }
      }
      if (row.children.length) { body.appendChild(row); }
      grid.appendChild(body);
      panel.appendChild(grid);
      var target = panel.querySelector('[data-day="' + format(focus) + '"]') || panel.querySelector(".picker-day");
      target.tabIndex = 0;
      target.focus();
    }
    button.addEventListener("click", function () {
      if (panel) { close(); return; }
      focus = parse(input.value) || new Date();
      shown = new Date(focus.getFullYear(), focus.getMonth(), 1);
      panel = document.createElement("div");
      panel.className = "picker-panel shadow border bg-white p-2";
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-label", "Lịch chọn ngày");
      panel.addEventListener("keydown", function (event) {
        var moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
        if (event.key === "Escape") { close(); button.focus(); event.preventDefault(); return; }
        if (moves[event.key] && event.target.classList.contains("picker-day")) {
          focus = parse(event.target.getAttribute("data-day"));
          focus = new Date(focus.getFullYear(), focus.getMonth(), focus.getDate() + moves[event.key]);
          shown = new Date(focus.getFullYear(), focus.getMonth(), 1);
          render();
          event.preventDefault();
        }
      });
      wrap.appendChild(panel);
      button.setAttribute("aria-expanded", "true");
      render();
    });
    document.addEventListener("click", function (event) { if (panel && !wrap.contains(event.target)) { close(); } });
  });
})();

// Type-ahead without accents for long selects of villages and units (data-typeahead):
// a search box above the select keeps only the options whose folded text holds what was typed,
// so "tan lap" finds "Ấp Tân Lập". The select itself stays the field that is sent.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }
  document.querySelectorAll("select[data-typeahead]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1 typeahead";
    box.placeholder = "Gõ để tìm (không cần dấu)…";
    // Named apart from the select's own label, so that label still names one field only.
    box.setAttribute("aria-label", "Gõ để lọc danh sách chọn ngay dưới");
    box.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(box, select);
    var options = Array.prototype.slice.call(select.options).map(function (o) { return { el: o, key: fold(o.textContent) }; });
    box.addEventListener("input", function () {
      var q = fold(box.value);
      var first = null;
      options.forEach(function (o) {
        var show = !q || o.el.value === "" || o.key.indexOf(q) !== -1;
        o.el.hidden = !show;
        o.el.disabled = !show && !o.el.selected;
        if (show && o.el.value !== "" && !first) { first = o.el; }
      });
      if (!select.multiple && first && q) { select.value = first.value; select.dispatchEvent(new Event("change", { bubbles: true })); }
    });
  });
})();

// The progress of a background job (directory/job.html): poll its state until done or failed.
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) { return; }
  var status = box.getAttribute("data-status");
  if (status === "done" || status === "failed") { return; }
  var poll = function () {
    fetch(box.getAttribute("data-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        box.querySelector(".js-label").textContent = data.label;
        box.querySelector(".js-done").textContent = data.done;
        box.querySelector(".js-total").textContent = data.total;
        box.querySelector("progress").value = data.percent;
        var message = box.querySelector(".js-message");
        message.textContent = data.message;
        message.classList.toggle("text-danger", data.status === "failed");
        if (data.download) { box.querySelector(".js-download").classList.remove("d-none"); }
        box.querySelector(".js-retry").classList.toggle("d-none", !data.can_retry);
        if (data.status !== "done" && data.status !== "failed") { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  };
  poll();
})();

// Bulk actions on a petition list (petitions/includes/bulk.html): "select all on this page",
// the count of the ticked rows, and only the fields of the chosen action shown.
(function () {
  "use strict";
  var form = document.getElementById("bulk-form");
  if (!form) { return; }
  var rows = document.querySelectorAll(".js-select-row");
  var all = document.querySelector(".js-select-page");
  var count = form.querySelector(".js-selected-count");
  var action = form.querySelector(".js-bulk-action");
  function recount() {
    var n = 0;
    rows.forEach(function (box) { if (box.checked) { n += 1; } });
    count.textContent = String(n);
    if (all) { all.checked = n > 0 && n === rows.length; all.indeterminate = n > 0 && n < rows.length; }
  }
  rows.forEach(function (box) { box.addEventListener("change", recount); });
  if (all) {
    all.addEventListener("change", function () {
      rows.forEach(function (box) { box.checked = all.checked; });
      recount();
    });
  }
  function showFields() {
    form.querySelectorAll(".js-bulk-field").forEach(function (el) {
      var actions = (el.getAttribute("data-for") || "").split(" ");
      el.classList.toggle("d-none", actions.indexOf(action.value) < 0);
    });
  }
  action.addEventListener("change", showFields);
  showFields();
  recount();
})();
