// Credit rows on the film form: add a row and remove one without a round trip.
// Without JavaScript the "Add another credit" button posts the form and the server adds a row.
import { nextIndex, renumber } from "./form-rows.js";

document.querySelectorAll("[data-credit-rows]").forEach(setup);

function setup(list) {
  const form = list.closest("form");
  const addButton = form.querySelector("[data-add-credit]");
  const legendTemplate = list.getAttribute("data-legend");

  function rows() {
    return Array.from(list.querySelectorAll("[data-credit-row]"));
  }

  function renumberLegends() {
    rows().forEach((row, position) => {
      row.querySelectorAll("[data-credit-legend]").forEach((legend) => {
        const text = legendTemplate.replace("{number}", String(position + 1));
        legend.textContent = legend.tagName === "SPAN" ? " " + text : text;
      });
    });
  }

  function clear(row) {
    row.querySelectorAll(".errors").forEach((errors) => { errors.remove(); });
    row.querySelectorAll(".has-error").forEach((field) => { field.classList.remove("has-error"); });
    row.querySelectorAll("input, select").forEach((input) => {
      input.removeAttribute("aria-invalid");
      const described = (input.getAttribute("aria-describedby") || "")
        .split(" ").filter((id) => id && !/-error$/.test(id)).join(" ");
      if (described) { input.setAttribute("aria-describedby", described); }
      else { input.removeAttribute("aria-describedby"); }
      if (input.tagName === "SELECT") { input.selectedIndex = 0; } else { input.value = ""; }
    });
  }

  function enableRemove(row) {
    const button = row.querySelector("[data-remove-credit]");
    button.hidden = false;
    button.addEventListener("click", () => {
      const all = rows();
      if (all.length === 1) {
        clear(row);
        row.querySelector("input, select").focus();
        return;
      }
      const next = all[all.indexOf(row) + 1] || all[all.indexOf(row) - 1];
      row.remove();
      renumberLegends();
      next.querySelector("select, input").focus();
    });
  }

  rows().forEach(enableRemove);
  // The button posts the form only without JavaScript; as a plain button, Enter in a field
  // saves the film instead of adding a row.
  addButton.type = "button";

  addButton.addEventListener("click", (event) => {
    event.preventDefault();
    const all = rows();
    const row = all[all.length - 1].cloneNode(true);
    clear(row);
    renumber(row, "credits", nextIndex(list, "credits"));
    list.appendChild(row);
    enableRemove(row);
    renumberLegends();
    row.querySelector("select").focus();
  });
}
