// The plan's section editor (templates/sessions_app/includes/plan_sections.html): add, move up and
// down, indent and outdent, with the printed numbers shown as they will be (models.section_labels).
// No inline scripts (strict CSP); the form posts order ("position") and level as plain fields.
(function () {
  "use strict";
  var ROMAN = [[10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  var LETTERS = "abcdđeghiklmnopqrstuvxy";
  function roman(n) {
    var out = "";
    ROMAN.forEach(function (pair) { while (n >= pair[0]) { out += pair[1]; n -= pair[0]; } });
    return out;
  }

  document.querySelectorAll(".plan-sections").forEach(function (box) {
    var prefix = box.getAttribute("data-prefix");
    var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var list = box.querySelector(".plan-sections-list");
    var template = box.querySelector("template.plan-section-empty");

    function field(row, name) { return row.querySelector("[name$='-" + name + "']"); }
    function rows() { return Array.prototype.slice.call(list.querySelectorAll(".plan-section")); }

    function refresh() {
      var counters = [0, 0, 0, 0];
      rows().forEach(function (row, index) {
        field(row, "position").value = String(index);
        var deleted = field(row, "DELETE");
        row.classList.toggle("opacity-50", !!(deleted && deleted.checked));
        var level = parseInt(field(row, "level").value, 10) || 1;
        row.style.marginLeft = ((level - 1) * 1.5) + "rem";
        var label = "-";
        if (deleted && deleted.checked) { label = "(xóa)"; } else if (level < 5) {
          counters[level - 1] += 1;
          for (var d = level; d < 4; d++) { counters[d] = 0; }
          if (level === 1) { label = roman(counters[0]) + "."; }
          else if (level === 2) { label = counters[1] + "."; }
          else if (level === 3) { label = Math.max(counters[1], 1) + "." + counters[2] + "."; }
          else { label = LETTERS.charAt((counters[3] - 1) % LETTERS.length) + ")"; }
        }
        row.querySelector(".plan-section-label").textContent = label;
      });
    }

    box.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !box.contains(button)) { return; }
      if (button.classList.contains("js-section-add")) {
        var index = parseInt(total.value, 10);
        list.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
        total.value = String(index + 1);
        var added = rows()[rows().length - 1];
        var previous = rows()[rows().length - 2];
        if (previous) { field(added, "level").value = field(previous, "level").value; }
        refresh();
        field(added, "title").focus();
        return;
      }
      var row = button.closest(".plan-section");
      if (!row) { return; }
      var level = field(row, "level");
      if (button.classList.contains("js-section-up") && row.previousElementSibling) {
        list.insertBefore(row, row.previousElementSibling);
      } else if (button.classList.contains("js-section-down") && row.nextElementSibling) {
        list.insertBefore(row.nextElementSibling, row);
      } else if (button.classList.contains("js-section-indent")) {
        level.value = String(Math.min(5, (parseInt(level.value, 10) || 1) + 1));
      } else if (button.classList.contains("js-section-outdent")) {
        level.value = String(Math.max(1, (parseInt(level.value, 10) || 1) - 1));
      } else { return; }
      refresh();
      button.focus();
    });
    box.addEventListener("change", refresh);
    refresh();
  });
})();
