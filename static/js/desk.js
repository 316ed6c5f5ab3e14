// The desk, from the keyboard. On the list: j/k move between entries, x selects the current
// one, o (or Enter on its title) opens it; "select all on this page" ticks every row, and
// "select all matching" sends the filter instead of the ticked rows. On an entry's page
// reached from the desk: j/n next, k/p previous, u back to the list.
const table = document.querySelector("#desk-table");
const step = document.querySelector("[data-desk-step]");

function typing(target) {
  return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) &&
    !(target.tagName === "INPUT" && target.type === "checkbox"));
}

function ignored(event) {
  return event.ctrlKey || event.metaKey || event.altKey || typing(event.target);
}

if (table) {
  const rows = Array.from(table.querySelectorAll("[data-desk-row]"));
  let current = -1;

  const move = (by) => {
    if (!rows.length) { return; }
    current = Math.max(0, Math.min(rows.length - 1, current + by));
    rows.forEach((row, index) => row.classList.toggle("is-current", index === current));
    const link = rows[current].querySelector("[data-desk-open]");
    if (link) { link.focus(); }
  };

  document.addEventListener("keydown", (event) => {
    if (ignored(event)) { return; }
    const row = rows[current];
    if (event.key === "j") { event.preventDefault(); move(1); }
    else if (event.key === "k") { event.preventDefault(); move(-1); }
    else if (event.key === "x" && row) {
      event.preventDefault();
      const box = row.querySelector("input[name='submission_ids']");
      if (box) { box.checked = !box.checked; box.dispatchEvent(new Event("change", { bubbles: true })); }
    } else if (event.key === "o" && row) {
      const link = row.querySelector("[data-desk-open]");
      if (link) { event.preventDefault(); window.location.assign(link.href); }
    }
  });

  const page = document.querySelector("#desk-select-page");
  const all = document.querySelector("#desk-select-all");
  const boxes = () => Array.from(table.querySelectorAll("input[name='submission_ids']"));
  if (page) {
    page.addEventListener("change", () => {
      boxes().forEach((box) => { box.checked = page.checked; });
    });
  }
  table.addEventListener("change", () => {
    if (page) { page.checked = boxes().length > 0 && boxes().every((box) => box.checked); }
  });
  if (all) {
    // Everything matching the filter: the ticked rows no longer matter.
    all.addEventListener("change", () => {
      boxes().forEach((box) => { box.disabled = all.checked; });
      if (page) { page.disabled = all.checked; }
    });
  }
}

if (step) {
  const links = {
    next: step.querySelector("[data-desk-key='next']"),
    previous: step.querySelector("[data-desk-key='previous']"),
    list: step.querySelector("[data-desk-key='list']"),
  };
  const keys = { j: "next", n: "next", k: "previous", p: "previous", u: "list" };
  document.addEventListener("keydown", (event) => {
    if (ignored(event)) { return; }
    const link = links[keys[event.key]];
    if (link) { event.preventDefault(); window.location.assign(link.href); }
  });
}
