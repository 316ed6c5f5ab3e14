// The screener upload page: sends the chosen file with tus-js-client (tus 1.0), shows progress,
// speed and time left, pauses and resumes. A dropped connection is retried from the last byte the
// server has; after a closed tab, choosing the same file finds the earlier upload (its URL is kept
// in localStorage under the file's fingerprint, or listed by the server) and continues it.
// Every text shown comes from the page (data-strings), in the page's language.
// tus-js-client is the vendored script before this one (a global, `window.tus`).
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000, 60000, 60000];
const SPEED_WINDOW_MS = 8000;

const form = document.getElementById("screener-upload");
if (form && window.tus && window.tus.isSupported) setup(form);

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (match, name) {
    return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
  });
}

function setup(form) {
  const strings = JSON.parse(form.querySelector("[data-strings]").textContent);
  const known = JSON.parse(form.querySelector("[data-resumable]").textContent);
  const input = form.querySelector("input[type=file]");
  const startButton = form.querySelector("[data-action=start]");
  const pauseButton = form.querySelector("[data-action=pause]");
  const resumeButton = form.querySelector("[data-action=resume]");
  const progressBox = form.querySelector("[data-progress]");
  const bar = progressBox.querySelector("progress");
  const figures = {
    sent: form.querySelector("[data-figure=sent]"),
    speed: form.querySelector("[data-figure=speed]"),
    eta: form.querySelector("[data-figure=eta]")
  };
  const message = form.querySelector("[data-message]");
  const limit = parseInt(form.dataset.limitBytes, 10);
  const number = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 1 });
  let upload = null;
  let running = false;
  let samples = [];

  function say(text) { message.textContent = text; }

  function size(bytes) {
    if (bytes >= 1024 * 1024 * 1024) return fill(strings.gigabytes, { value: number.format(bytes / 1073741824) });
    return fill(strings.megabytes, { value: number.format(bytes / 1048576) });
  }

  function duration(seconds) {
    seconds = Math.max(1, Math.round(seconds));
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    if (hours) return fill(strings.hoursMinutes, { hours: hours, minutes: minutes });
    if (minutes) return fill(strings.minutesSeconds, { minutes: minutes, seconds: seconds % 60 });
    return fill(strings.seconds, { seconds: seconds });
  }

  function percentOf(sent, total) { return total ? Math.floor((sent / total) * 1000) / 10 : 0; }

  function showButtons() {
    startButton.hidden = running || upload !== null;
    pauseButton.hidden = !running;
    resumeButton.hidden = running || upload === null;
    input.disabled = running;
  }

  function showProgress(sent, total) {
    const now = Date.now();
    samples.push({ at: now, sent: sent });
    while (samples.length > 2 && now - samples[0].at > SPEED_WINDOW_MS) samples.shift();
    const percent = percentOf(sent, total);
    progressBox.hidden = false;
    bar.value = percent;
    bar.textContent = number.format(percent) + "%";
    figures.sent.textContent = fill(strings.sent, { done: size(sent), total: size(total), percent: number.format(percent) });
    const first = samples[0];
    const elapsed = (now - first.at) / 1000;
    if (elapsed >= 1 && sent > first.sent) {
      const perSecond = (sent - first.sent) / elapsed;
      figures.speed.textContent = fill(strings.speed, { value: number.format(perSecond / 1048576) });
      figures.eta.textContent = duration((total - sent) / perSecond);
    }
  }

  function reasonOf(error) {
    const response = error && error.originalResponse;
    const body = response && response.getBody && response.getBody();
    const status = response && response.getStatus && response.getStatus();
    if (body && status >= 400 && status < 500 && body.length < 600) return body;
    return null;
  }

  function onError(error) {
    running = false;
    samples = [];
    const reason = reasonOf(error);
    if (reason) {
      upload = null;  // the server refused this upload: start again from the picker
      say(fill(strings.failed, { reason: reason }));
    } else {
      say(strings.failedUnknown);
    }
    showButtons();
  }

  function onSuccess() {
    running = false;
    upload = null;
    bar.value = 100;
    figures.eta.textContent = "–";
    say(strings.done);
    showButtons();
    input.value = "";
    const status = document.getElementById("screener-status");
    if (status) status.dispatchEvent(new CustomEvent("screener:uploaded", { bubbles: true }));
    // the new version's live status box comes with the page
    window.setTimeout(function () { window.location.reload(); }, 800);
  }

  function begin() {
    running = true;
    samples = [];
    showButtons();
    upload.start();
  }

  function serverKnown(file) {
    for (let i = 0; i < known.length; i++) {
      if (known[i].filename === file.name && known[i].length === file.size) return known[i].url;
    }
    return null;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const file = input.files && input.files[0];
    if (!file) { say(strings.choose); input.focus(); return; }
    if (file.size > limit) {
      say(fill(strings.tooLarge, { size: number.format(file.size / 1073741824), limit: number.format(limit / 1073741824) }));
      return;
    }
    say(strings.starting);
    upload = new window.tus.Upload(file, {
      endpoint: form.dataset.endpoint,
      chunkSize: parseInt(form.dataset.chunkBytes, 10),
      retryDelays: RETRY_DELAYS,
      metadata: { filename: file.name, filetype: file.type || "application/octet-stream" },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onProgress: showProgress,
      onShouldRetry: function (error, attempt, options) {
        const status = error.originalResponse ? error.originalResponse.getStatus() : 0;
        const retry = !status || status >= 500 || status === 409 || status === 423 || status === 429;
        if (retry) say(strings.retrying);
        return retry;
      },
      onError: onError,
      onSuccess: onSuccess
    });
    upload.findPreviousUploads().then(function (previous) {
      previous.sort(function (a, b) { return (b.creationTime || "").localeCompare(a.creationTime || ""); });
      if (previous.length) {
        upload.resumeFromPreviousUpload(previous[0]);
        say(strings.resuming);
      } else if (serverKnown(file)) {
        upload.options.uploadUrl = serverKnown(file);
        say(strings.resuming);
      }
      begin();
    });
  });

  pauseButton.addEventListener("click", function () {
    if (!upload) return;
    running = false;
    upload.abort().then(function () {
      say(fill(strings.paused, { percent: number.format(bar.value) }));
      samples = [];
      figures.speed.textContent = "–";
      figures.eta.textContent = "–";
      showButtons();
      resumeButton.focus();
    });
  });

  resumeButton.addEventListener("click", function () {
    if (!upload) return;
    say(strings.starting);
    begin();
    pauseButton.focus();
  });

  window.addEventListener("beforeunload", function (event) {
    if (!running) return;
    event.preventDefault();
    event.returnValue = strings.leave;
    return strings.leave;
  });

  showButtons();
}
