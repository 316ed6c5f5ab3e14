// The disclosure form: "add another row" for tools, segments and consents, and the
// details of an element shown only once it is answered above "none".
(function () {
  "use strict";

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function addRow(list) {
    var prefix = list.dataset.rows;
    var rows = list.querySelectorAll(":scope > .row-item");
    var last = rows[rows.length - 1];
    if (!last) return;
    var pattern = new RegExp("^" + escapeRegExp(prefix) + "-(\\d+)-");
    var highest = -1;
    list.querySelectorAll("[name]").forEach(function (input) {
      var match = input.name.match(pattern);
      if (match) highest = Math.max(highest, parseInt(match[1], 10));
    });
    var next = prefix + "-" + (highest + 1) + "-";
    var row = last.cloneNode(true);
    row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (node) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
        var value = node.getAttribute(attribute);
        if (value) node.setAttribute(attribute, value.replace(new RegExp(escapeRegExp(prefix) + "-\\d+-", "g"), next));
      });
    });
    row.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (input.type === "checkbox" || input.type === "radio") input.checked = false;
      else if (input.tagName === "SELECT") input.selectedIndex = 0;
      else input.value = "";
      input.removeAttribute("aria-invalid");
    });
    row.querySelectorAll(".errors, [data-keep]").forEach(function (node) { node.remove(); });
    row.querySelectorAll(".has-error").forEach(function (node) { node.classList.remove("has-error"); });
    list.appendChild(row);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  }

  function showDetails(element) {
    var checked = element.querySelector("input[type=radio]:checked");
    var details = element.querySelector("[data-details]");
    if (details) details.hidden = !checked || checked.value === "none";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-add-row]").forEach(function (button) {
      var list = document.querySelector('[data-rows="' + button.dataset.addRow + '"]');
      if (!list) return;
      button.hidden = false;
      button.addEventListener("click", function () { addRow(list); });
    });
    document.querySelectorAll("[data-element]").forEach(function (element) {
      var details = element.querySelector("[data-details]");
      // Keep details visible while they hold anything typed or an error.
      var filled = details && (details.querySelector(".errors") ||
        Array.prototype.some.call(details.querySelectorAll("input, textarea"), function (i) { return i.value; }));
      if (!filled) showDetails(element);
      element.addEventListener("change", function (event) {
        if (event.target.type === "radio") showDetails(element);
      });
    });
  });
})();
