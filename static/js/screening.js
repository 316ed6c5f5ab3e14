// The screening page: a digit picks the first criterion's rating, and "n" saves and moves on
// to the next film, so a programmer screens hundreds of films without going back to a list.
const form = document.querySelector("[data-screening-form]");
if (form) {
  document.addEventListener("keydown", (event) => pressed(form, event));
}

function typing(target) {
  return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) &&
    !(target.tagName === "INPUT" && target.type === "radio"));
}

function pressed(form, event) {
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
  if (event.target && event.target.closest && event.target.closest("media-controller")) { return; }
  if (/^[0-9]$/.test(event.key)) {
    const first = form.querySelector("fieldset.score-field");
    const choice = first && first.querySelector("input[type='radio'][value='" + event.key + "']");
    if (choice) { choice.checked = true; choice.focus(); event.preventDefault(); }
  } else if (event.key === "n") {
    const next = form.querySelector("[data-save-next]");
    if (next) { event.preventDefault(); next.click(); }
  }
}
