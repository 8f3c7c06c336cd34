// handouts serve: what htmx does not do on this page. Ordering the chosen exercises, filtering
// the library list, and asking for a new preview when the form changes (htmx posts it).
(function () {
  "use strict";
  var timer = null;
  function form() { return document.getElementById("leaflet"); }
  function refresh(delay) {
    clearTimeout(timer);
    timer = setTimeout(function () { if (form() && window.htmx) { htmx.trigger(form(), "refresh"); } }, delay);
  }
  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!form() || !form().contains(target) || !target.name) { return; }
    if (target.id === "recipe" || target.id === "lang") { return; }  // these fetch a new list first
    refresh(target.type === "checkbox" ? 0 : 400);
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-move]");
    if (!button) { return; }
    var item = button.closest("li");
    var how = button.getAttribute("data-move");
    // a program's exercises move within their group (the leaflet prints the groups apart)
    function beside(other) { return other && other.getAttribute("data-group") === item.getAttribute("data-group"); }
    if (how === "up" && beside(item.previousElementSibling)) {
      item.parentNode.insertBefore(item, item.previousElementSibling);
    } else if (how === "down" && beside(item.nextElementSibling)) {
      item.parentNode.insertBefore(item.nextElementSibling, item);
    } else if (how === "remove") {
      var next = item.nextElementSibling || item.previousElementSibling;
      item.remove();
      if (next) { next.querySelector("button, input").focus(); }
    } else {
      return;
    }
    button.focus();
    refresh(0);
  });
  function isList(target) { return target && (target.id === "chosen" || target.id === "chosen-list"); }
  // the list is busy from its request until htmx has settled the answer (and its buttons work)
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (isList(event.detail.target)) { event.detail.target.setAttribute("aria-busy", "true"); }
  });
  ["htmx:responseError", "htmx:sendError"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      if (isList(event.detail.target)) { event.detail.target.removeAttribute("aria-busy"); }
    });
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (isList(target)) {
      target.removeAttribute("aria-busy");
      var none = document.getElementById("none-yet");
      if (none && target.id === "chosen-list") { none.remove(); }
      filter();
      refresh(0);
    }
  });
  function filter() {
    var list = document.getElementById("library-list");
    if (!list) { return; }
    var text = (document.getElementById("find").value || "").trim().toLowerCase();
    var wanted = {};
    document.querySelectorAll("[data-filter]").forEach(function (control) {
      wanted[control.getAttribute("data-filter")] = control.value;
    });
    var shown = 0;
    list.querySelectorAll("li").forEach(function (item) {
      var ok = (!text || item.getAttribute("data-name").indexOf(text) >= 0) &&
        ["tag", "position", "equipment"].every(function (key) {
          var value = wanted[key];
          var have = (item.getAttribute("data-" + (key === "tag" ? "tags" : key)) || "").split(" ");
          return !value || have.indexOf(value) >= 0;
        });
      item.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var found = document.getElementById("found");
    if (found) { found.textContent = shown + " exercise" + (shown === 1 ? "" : "s") + " shown"; }
  }
  document.addEventListener("input", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-filter")) { filter(); }
  });
  document.addEventListener("change", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-filter")) { filter(); }
  });
  document.addEventListener("DOMContentLoaded", filter);
})();
