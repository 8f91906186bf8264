// Petition intake: keyboard-only entry and repeat suggestions. No inline scripts (strict CSP).
(function () {
  "use strict";

  var form = document.querySelector("form.petition-intake");
  if (!form) { return; }
  var name = form.querySelector("[name='citizen_name']");
  var anonymous = form.querySelector("[name='anonymous']");
  var content = form.querySelector("[name='content']");
  var village = form.querySelector("[name='village']");
  var topic = form.querySelector("[name='topic']");
  var repeatOf = form.querySelector("[name='repeat_of']");
  var box = form.querySelector(".js-suggestion-box");
  var list = form.querySelector(".js-suggestion-list");
  var url = form.getAttribute("data-suggest-url");

  if (name) { name.focus(); }

  // The fields carried over from the last entry: Alt+Shift+X (or the button) puts them back
  // to a blank form's values here, without losing what was typed, and tells the server.
  var carried = document.querySelector("form.js-carried");
  function clearCarried(event) {
    if (!carried) { return; }
    if (event) { event.preventDefault(); }
    carried.querySelectorAll(".js-carried-field").forEach(function (span) {
      var input = form.querySelector("[name='" + span.getAttribute("data-name") + "']");
      if (input) { input.value = span.getAttribute("data-fresh"); input.dispatchEvent(new Event("change")); }
    });
    var body = new FormData(carried);
    body.append("bo_giu", "1");
    fetch(window.location.pathname, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" })
      .catch(function () { /* the page already shows the blank fields */ });
    carried.hidden = true;
    carried = null;
    if (name) { name.focus(); }
  }
  if (carried) { carried.addEventListener("submit", clearCarried); }
  document.addEventListener("keydown", function (event) {
    if (event.altKey && event.shiftKey && event.code === "KeyX") { clearCarried(event); }
  });

  // Ctrl+Enter (or Cmd+Enter) saves from any field, so the mouse is never needed;
  // Alt+Shift+1…5 links the petition to the suggestion of that number.
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      var submit = form.querySelector("button[name='tiep']") || form.querySelector("button[type='submit']");
      if (submit) { submit.click(); } else { form.submit(); }
      return;
    }
    var digit = /^Digit([1-5])$/.exec(event.code || "");
    if (digit && event.altKey && event.shiftKey && !box.hidden) {
      var buttons = list.querySelectorAll(".js-link-repeat");
      var chosen = buttons[Number(digit[1]) - 1];
      if (chosen) { event.preventDefault(); chosen.click(); }
    }
  });

  if (anonymous && name) {
    var sync = function () {
      name.disabled = anonymous.checked;
      if (anonymous.checked) { name.value = ""; }
    };
    anonymous.addEventListener("change", sync);
    sync();
  }

  function render(results) {
    list.textContent = "";
    if (!results.length) { box.hidden = true; return; }
    results.forEach(function (r, index) {
      var li = document.createElement("li");
      li.className = "mb-1 js-suggestion";
      var link = document.createElement("a");
      link.href = r.url;
      link.target = "_blank";
      link.tabIndex = -1;  // out of the Tab order: typing Tab goes on to the next field
      link.textContent = r.code;
      li.appendChild(link);
      li.appendChild(document.createTextNode(" (" + r.received_on + (r.village ? ", " + r.village : "") + ", " + r.status + "): " + r.content + " "));
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-dark js-link-repeat";
      button.tabIndex = -1;
      button.textContent = "Liên kết là ý kiến nêu lại";
      button.title = "Alt+Shift+" + (index + 1);
      button.addEventListener("click", function () {
        repeatOf.value = String(r.id);
        list.querySelectorAll(".js-link-repeat").forEach(function (b) {
          b.classList.remove("active");
          b.textContent = "Liên kết là ý kiến nêu lại";
        });
        button.classList.add("active");
        button.textContent = "Đã chọn liên kết với " + r.code;
      });
      li.appendChild(button);
      list.appendChild(li);
    });
    box.hidden = false;
  }

  var timer = null;
  var lastQuery = "";
  function ask() {
    if (!content || !topic || !url) { return; }
    var text = content.value.trim();
    if (text.length < 8 || !topic.value) { render([]); return; }
    var params = new URLSearchParams({ content: text, topic: topic.value, village: village ? village.value : "" });
    var query = params.toString();
    if (query === lastQuery) { return; }
    lastQuery = query;
    fetch(url + "?" + query, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (query === lastQuery) { render(data.results || []); } })
      .catch(function () { /* suggestions are a help, never a blocker */ });
  }
  function later() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(ask, 400);
  }
  if (content) { content.addEventListener("input", later); content.addEventListener("blur", ask); }
  if (topic) { topic.addEventListener("change", later); }
  if (village) { village.addEventListener("change", later); }
  if (content && content.value) { later(); }
})();
