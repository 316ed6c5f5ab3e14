// The review page: the draft is saved as the reviewer goes (a second after the last change,
// and as the tab closes), so nothing is lost if the browser closes. Each save names the
// revision it started from; if another tab saved first, the page says so and keeps the input.
import { csrfToken } from "./csrf.js";

const form = document.querySelector("[data-review-form]");
if (form) {
  autosave(form);
}

function autosave(form) {
  const status = form.querySelector("[data-draft-status]");
  const revisionInput = form.querySelector("input[name='revision']");
  const token = csrfToken();
  const url = form.getAttribute("data-draft-url");
  let timer = null;
  let dirty = false;
  let blocked = false;
  let saving = false;

  function payload() {
    const scores = {};
    form.querySelectorAll("[data-score]").forEach((input) => {
      const id = input.name.replace(/^score-/, "");
      if (input.type === "radio") {
        if (input.checked) { scores[id] = input.value; }
      } else {
        scores[id] = input.value;
      }
    });
    return {
      scores: scores,
      comment: form.querySelector("[name='comment']").value,
      note_to_filmmaker: form.querySelector("[name='note_to_filmmaker']").value,
      revision: parseInt(revisionInput.value || "0", 10),
      csrf_token: token
    };
  }

  function say(text) { status.textContent = text; }

  function save() {
    timer = null;
    if (!dirty || blocked || saving) { return; }
    dirty = false;
    saving = true;
    say(form.getAttribute("data-saving-text"));
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(payload()),
      credentials: "same-origin"
    }).then((response) => response.json().then((body) => ({ ok: response.ok, body: body })))
      .then((result) => {
        saving = false;
        if (result.ok) {
          revisionInput.value = String(result.body.revision);
          // The server writes the time as the page does: on the edition's clock, zone named.
          say(form.getAttribute("data-saved-text").replace("%(time)s", result.body.saved_at_text));
        } else {
          if (typeof result.body.revision === "number") {
            // Another tab saved first: stop autosaving until the reviewer chooses to save again.
            blocked = true;
            revisionInput.value = String(result.body.revision);
          }
          say(form.getAttribute("data-failed-text").replace("%(reason)s", result.body.error));
        }
        if (dirty && !blocked) { schedule(); }
      }).catch(() => {
        saving = false;
        dirty = true;
        say(form.getAttribute("data-offline-text"));
        schedule(5000);
      });
  }

  function schedule(delay) {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, delay || 1000);
  }

  function changed() {
    dirty = true;
    schedule();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", () => {
    dirty = false;
    if (timer) { clearTimeout(timer); }
  });
  // The last change of a closing tab goes by beacon, which survives the page.
  window.addEventListener("pagehide", () => {
    if (!dirty || blocked || !navigator.sendBeacon) { return; }
    dirty = false;
    navigator.sendBeacon(url, new Blob([JSON.stringify(payload())], { type: "application/json" }));
  });
}
