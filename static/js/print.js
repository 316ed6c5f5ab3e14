// A "Print" button for pages meant to be printed: shown only when this script runs, since the
// Content-Security-Policy allows no inline onclick.
document.querySelectorAll("button[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
