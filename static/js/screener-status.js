// Live state of a screener version while it is processed: polls the status JSON every two
// seconds until the version is ready, rejected or failed, then reloads to show the links.
document.querySelectorAll(".screener-status[data-status-url]").forEach(follow);

function follow(box) {
  const label = box.querySelector("[data-status-label]");
  const bar = box.querySelector("[data-status-progress]");
  const detail = box.querySelector("[data-status-detail]");
  let wasRunning = false;

  function timeLeft(seconds) {
    if (seconds == null) return "";
    if (seconds < 60) return box.dataset.secondsLabel;
    return box.dataset.etaLabel.replace("{minutes}", Math.ceil(seconds / 60));
  }

  function show(status) {
    label.textContent = status.label;
    bar.hidden = status.is_finished;
    bar.value = status.progress;
    bar.textContent = Math.round(status.progress * 100) + "%";
    if (status.reason) {
      detail.textContent = status.reason;
    } else if (status.state === "transcoding") {
      const left = timeLeft(status.eta_s);
      detail.textContent = Math.round(status.progress * 100) + "%" + (left ? " · " + left : "");
    } else {
      detail.textContent = "";
    }
  }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (!data || !data.latest) { window.setTimeout(poll, 4000); return; }
        show(data.latest);
        if (!data.latest.is_finished) {
          wasRunning = true;
          window.setTimeout(poll, 2000);
        } else if (wasRunning) {
          window.location.reload();
        }
      })
      .catch(() => { window.setTimeout(poll, 5000); });
  }
  poll();
}
