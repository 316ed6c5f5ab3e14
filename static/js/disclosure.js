// The disclosure form: "add another row" for tools, segments and consents, and the
// details of an element shown only once it is answered above "none".
import { nextIndex, renumber } from "./form-rows.js";

document.querySelectorAll("[data-add-row]").forEach((button) => {
  const list = document.querySelector('[data-rows="' + button.dataset.addRow + '"]');
  if (!list) return;
  button.hidden = false;
  button.addEventListener("click", () => { addRow(list); });
});
document.querySelectorAll("[data-element]").forEach((element) => {
  const details = element.querySelector("[data-details]");
  // Keep details visible while they hold anything typed or an error.
  const filled = details && (details.querySelector(".errors") ||
    Array.from(details.querySelectorAll("input, textarea")).some((input) => input.value));
  if (!filled) showDetails(element);
  element.addEventListener("change", (event) => {
    if (event.target.type === "radio") showDetails(element);
  });
});

function addRow(list) {
  const prefix = list.dataset.rows;
  const rows = list.querySelectorAll(":scope > .row-item");
  const last = rows[rows.length - 1];
  if (!last) return;
  const row = last.cloneNode(true);
  renumber(row, prefix, nextIndex(list, prefix));
  row.querySelectorAll("input, select, textarea").forEach((input) => {
    if (input.type === "checkbox" || input.type === "radio") input.checked = false;
    else if (input.tagName === "SELECT") input.selectedIndex = 0;
    else input.value = "";
    input.removeAttribute("aria-invalid");
  });
  row.querySelectorAll(".errors, [data-keep]").forEach((node) => { node.remove(); });
  row.querySelectorAll(".has-error").forEach((node) => { node.classList.remove("has-error"); });
  list.appendChild(row);
  const first = row.querySelector("input:not([type=hidden]), select, textarea");
  if (first) first.focus();
}

function showDetails(element) {
  const checked = element.querySelector("input[type=radio]:checked");
  const details = element.querySelector("[data-details]");
  if (details) details.hidden = !checked || checked.value === "none";
}
