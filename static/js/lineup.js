// A programme block's films in order (#block-films): moved by drag and drop (the vendored
// SortableJS) or from the keyboard (a focused row moves with Alt+ArrowUp / Alt+ArrowDown,
// announced in #lineup-status). Either way the new order goes to the server as JSON with the
// revision the page was read at; a refusal (409: the block changed in another tab) reloads
// the page, which shows the block as it stands now with the reason. Without JavaScript each
// row's Move up / Move down buttons do the same by plain forms.
import Sortable from "../vendor/sortablejs-1.15.7/sortable.esm.js";
import { csrfToken } from "./csrf.js";

const list = document.querySelector("#block-films");
const status = document.querySelector("#lineup-status");

function rows() {
  return Array.from(list.querySelectorAll("[data-block-film-id]"));
}

function announce(text) {
  if (status) { status.textContent = text; }
}

function moved(row) {
  const all = rows();
  return list.dataset.moved
    .replace("{title}", row.dataset.title)
    .replace("{position}", String(all.indexOf(row) + 1))
    .replace("{count}", String(all.length));
}

// The page's numbers, button states and revision fields follow the order now shown.
function renumber(revision) {
  const all = rows();
  all.forEach((row, index) => {
    const position = row.querySelector(".lineup-position");
    if (position) { position.textContent = `${index + 1}.`; }
    const up = row.querySelector("[data-move='up']");
    const down = row.querySelector("[data-move='down']");
    if (up) { up.disabled = index === 0; }
    if (down) { down.disabled = index === all.length - 1; }
  });
  if (revision !== undefined) {
    list.dataset.revision = String(revision);
    document.querySelectorAll("input[name='revision']").forEach((input) => { input.value = String(revision); });
  }
}

let saving = Promise.resolve();

function save(message) {
  const order = rows().map((row) => Number(row.dataset.blockFilmId));
  saving = saving.then(async () => {
    const response = await fetch(list.dataset.orderUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ order, revision: Number(list.dataset.revision) }),
      credentials: "same-origin",
    });
    if (response.status === 409) { window.location.reload(); return; }
    if (!response.ok) { announce(list.dataset.failed); return; }
    const body = await response.json();
    renumber(body.revision);
    announce(message || list.dataset.saved);
  }).catch(() => announce(list.dataset.failed));
  return saving;
}

if (list) {
  list.classList.add("is-sortable");
  Sortable.create(list, {
    draggable: "[data-block-film-id]",
    filter: "button, a, input",
    preventOnFilter: false,
    animation: 150,
    ghostClass: "is-ghost",
    chosenClass: "is-chosen",
    onEnd(event) {
      if (event.oldIndex === event.newIndex) { return; }
      renumber();
      save(moved(event.item));
    },
  });

  list.addEventListener("keydown", (event) => {
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) { return; }
    const row = event.target.closest("[data-block-film-id]");
    if (!row) { return; }
    event.preventDefault();
    const sibling = event.key === "ArrowUp" ? row.previousElementSibling : row.nextElementSibling;
    if (!sibling) { return; }
    if (event.key === "ArrowUp") { list.insertBefore(row, sibling); } else { list.insertBefore(sibling, row); }
    row.focus();
    renumber();
    save(moved(row));
  });
}
