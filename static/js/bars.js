// Bar charts drawn from data-share (a percentage), so that the page needs no inline style
// attribute under the Content-Security-Policy; setting a style property from a script is allowed.
document.querySelectorAll(".bar[data-share]").forEach((bar) => {
  const share = Math.min(Math.max(Number(bar.dataset.share) || 0, 0), 100);
  bar.style.width = `${share}%`;
});
