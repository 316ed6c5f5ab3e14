// Credit rows on the film form: add a row and remove one without a round trip.
// Without JavaScript the "Add another credit" button posts the form and the server adds a row.
(function () {
  "use strict";

  function setup(list) {
    var form = list.closest("form");
    var addButton = form.querySelector("[data-add-credit]");
    var legendTemplate = list.getAttribute("data-legend");

    function rows() {
      return Array.prototype.slice.call(list.querySelectorAll("[data-credit-row]"));
    }

    function renumberLegends() {
      rows().forEach(function (row, position) {
        row.querySelectorAll("[data-credit-legend]").forEach(function (legend) {
          var text = legendTemplate.replace("{number}", String(position + 1));
          legend.textContent = legend.tagName === "SPAN" ? " " + text : text;
        });
      });
    }

    function nextIndex() {
      var highest = -1;
      list.querySelectorAll("[name^='credits-']").forEach(function (input) {
        var match = /^credits-(\d+)-/.exec(input.name);
        if (match) { highest = Math.max(highest, parseInt(match[1], 10)); }
      });
      return highest + 1;
    }

    function clear(row) {
      row.querySelectorAll(".errors").forEach(function (list) { list.remove(); });
      row.querySelectorAll(".has-error").forEach(function (field) { field.classList.remove("has-error"); });
      row.querySelectorAll("input, select").forEach(function (input) {
        input.removeAttribute("aria-invalid");
        var described = (input.getAttribute("aria-describedby") || "")
          .split(" ").filter(function (id) { return id && !/-error$/.test(id); }).join(" ");
        if (described) { input.setAttribute("aria-describedby", described); }
        else { input.removeAttribute("aria-describedby"); }
        if (input.tagName === "SELECT") { input.selectedIndex = 0; } else { input.value = ""; }
      });
    }

    function renumber(row, index) {
      var pattern = /credits-\d+-/g;
      var replacement = "credits-" + index + "-";
      row.querySelectorAll("[id], [name], [for], [aria-describedby]").forEach(function (element) {
        ["id", "name", "for", "aria-describedby"].forEach(function (attribute) {
          var value = element.getAttribute(attribute);
          if (value) { element.setAttribute(attribute, value.replace(pattern, replacement)); }
        });
      });
    }

    function enableRemove(row) {
      var button = row.querySelector("[data-remove-credit]");
      button.hidden = false;
      button.addEventListener("click", function () {
        var all = rows();
        if (all.length === 1) {
          clear(row);
          row.querySelector("input, select").focus();
          return;
        }
        var next = all[all.indexOf(row) + 1] || all[all.indexOf(row) - 1];
        row.remove();
        renumberLegends();
        next.querySelector("select, input").focus();
      });
    }

    rows().forEach(enableRemove);
    // The button posts the form only without JavaScript; as a plain button, Enter in a field
    // saves the film instead of adding a row.
    addButton.type = "button";

    addButton.addEventListener("click", function (event) {
      event.preventDefault();
      var all = rows();
      var row = all[all.length - 1].cloneNode(true);
      clear(row);
      renumber(row, nextIndex());
      list.appendChild(row);
      enableRemove(row);
      renumberLegends();
      row.querySelector("select").focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-credit-rows]").forEach(setup);
  });
})();
