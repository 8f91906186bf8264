// Small behaviours for every page. No inline scripts: the pages keep a strict CSP.
(function () {
  "use strict";

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
