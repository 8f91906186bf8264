// Attendance ticking and batch-print progress (sessions_app). No inline scripts: strict CSP.
(function () {
  "use strict";

  function fold(text) {
    return (text || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function updateCounts(box, counts) {
    Object.keys(counts).forEach(function (group) {
      var row = box.querySelector("#attendance-counts tr[data-group='" + group + "']");
      if (!row) { return; }
      row.querySelector(".js-invited").textContent = counts[group].invited;
      row.querySelector(".js-present").textContent = counts[group].present;
    });
  }

  var attendance = document.getElementById("attendance");
  if (attendance) {
    // Filter this page as one types, without a round trip; the form still works without JS.
    var search = document.getElementById("attendance-search");
    var people = attendance.querySelectorAll(".js-person");
    search.addEventListener("input", function () {
      var q = fold(search.value);
      people.forEach(function (li) {
        li.classList.toggle("d-none", q !== "" && li.getAttribute("data-search").indexOf(q) === -1);
      });
    });
    // Enter searches the whole roster on the server (the list is paged): no preventDefault.

    attendance.querySelectorAll("form.js-tick").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var button = form.querySelector("button");
        var input = form.querySelector("input[name='present']");
        button.disabled = true;
        fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { "X-Requested-With": "fetch", "Accept": "application/json" },
          credentials: "same-origin"
        }).then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        }).then(function (data) {
          input.value = data.present ? "0" : "1";
          button.textContent = data.present ? "Có mặt" : "Chưa đến";
          button.classList.toggle("btn-success", data.present);
          button.classList.toggle("btn-outline-secondary", !data.present);
          button.setAttribute("aria-pressed", data.present ? "true" : "false");
          updateCounts(attendance, data.counts);
        }).catch(function () {
          window.alert("Chưa lưu được điểm danh. Kiểm tra kết nối mạng rồi bấm lại.");
        }).finally(function () { button.disabled = false; });
      });
    });

    // Live counts when several clerks tick at the same time.
    window.setInterval(function () {
      fetch(attendance.getAttribute("data-counts-url"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (counts) { if (counts) { updateCounts(attendance, counts); } })
        .catch(function () {});
    }, 15000);
  }

  var job = document.getElementById("print-job");
  if (job) {
    var poll = function () {
      fetch(job.getAttribute("data-url"), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          job.querySelector(".js-label").textContent = data.label;
          job.querySelector(".js-done").textContent = data.done;
          job.querySelector("progress").value = data.percent;
          job.querySelector(".js-error").textContent = data.error;
          var retry = job.querySelector(".js-retry");
          if (data.status === "done") {
            job.querySelector(".js-download").classList.remove("d-none");
          } else if (data.status === "failed") {
            if (retry) { retry.classList.remove("d-none"); }  // only office staff get the form
          } else {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    poll();
  }
})();
