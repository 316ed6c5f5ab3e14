// The browser's own time zone (an IANA name), offered where a form asks for one:
// - a hidden input[data-browser-time-zone] takes it (registration: the new account's clock);
// - a button[data-use-browser-time-zone] beside an empty time zone field shows it and, when
//   pressed, fills the field with it (the account page; the person still saves).
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";

if (zone) {
  document.querySelectorAll("input[data-browser-time-zone]").forEach((input) => {
    if (!input.value) input.value = zone;
  });
  document.querySelectorAll("button[data-use-browser-time-zone]").forEach((button) => {
    const field = document.getElementById(button.dataset.useBrowserTimeZone);
    if (!field || field.value) return;
    button.querySelector("[data-zone]").textContent = zone;
    button.hidden = false;
    button.addEventListener("click", () => {
      field.value = zone;
      button.hidden = true;
      field.focus();
    });
  });
}
