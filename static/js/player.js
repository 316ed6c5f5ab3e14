// The screener player: Media Chrome (vendored) speaking the page's language, the disclosed AI
// segments drawn over the timeline, a 720p/360p switch that keeps the time and play state, a
// moving watermark, and reports of the intervals actually played.
// Every text comes from the template (#player-config) or the server-rendered page.
import { addTranslation, setLanguage } from "../vendor/media-chrome-4.19.4/utils/i18n.js";
import { csrfToken } from "./csrf.js";

const root = document.querySelector("[data-player]");
const configElement = document.getElementById("player-config");

if (root && configElement) {
  start(JSON.parse(configElement.textContent));
}

async function start(config) {
  // Labels must be in place before the elements are defined, hence the dynamic import.
  addTranslation(config.locale, config.labels);
  setLanguage(config.locale);
  await import("../vendor/media-chrome-4.19.4/index.js");

  const video = root.querySelector("[data-player-video]");
  const played = new PlayedIntervals(video);
  drawRanges(video, document.querySelector("[data-ai-ranges]"), config.durationMs);
  wireJumps(video);
  wireQuality(video, played, document.querySelector("[data-player-quality]"), config);
  startWatermark(root.querySelector("[data-player-watermark]"), config.locale);
  startReports(video, played, config);
}

// --- what was played ------------------------------------------------------------------------

function merge(intervals) {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const result = [];
  for (const [start, end] of sorted) {
    const last = result[result.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else result.push([start, end]);
  }
  return result;
}

// `video.played` forgets everything when the source changes (the quality switch), so what it
// held is kept aside first.
class PlayedIntervals {
  constructor(video) {
    this.video = video;
    this.kept = [];
  }

  fromVideo() {
    const ranges = this.video.played;
    const intervals = [];
    for (let i = 0; i < ranges.length; i += 1) {
      intervals.push([Math.round(ranges.start(i) * 1000), Math.round(ranges.end(i) * 1000)]);
    }
    return intervals;
  }

  all() {
    return merge([...this.kept, ...this.fromVideo()]);
  }

  keep() {
    this.kept = this.all();
  }
}

// --- AI segments ----------------------------------------------------------------------------

function drawRanges(video, list, fallbackMs) {
  if (!list) return;
  const place = () => {
    const totalMs = Number.isFinite(video.duration) && video.duration > 0 ? video.duration * 1000 : fallbackMs;
    if (!totalMs) return;
    for (const item of list.children) {
      const start = Number(item.dataset.startMs);
      const end = Math.min(Number(item.dataset.endMs), totalMs);
      item.hidden = start >= totalMs;
      item.style.left = `${(start / totalMs) * 100}%`;
      item.style.width = `${(Math.max(end - start, 0) / totalMs) * 100}%`;
    }
  };
  video.addEventListener("durationchange", place);
  video.addEventListener("loadedmetadata", place);
  place();
}

function seekTo(video, seconds) {
  if (video.readyState >= 1) {
    video.currentTime = seconds;
  } else {
    video.addEventListener("loadedmetadata", () => { video.currentTime = seconds; }, { once: true });
    video.load();
  }
}

function wireJumps(video) {
  for (const button of document.querySelectorAll("[data-seek-ms]")) {
    button.addEventListener("click", () => {
      seekTo(video, Number(button.dataset.seekMs) / 1000);
      if (window.matchMedia("(max-width: 60rem)").matches) {
        root.scrollIntoView({ behavior: "smooth", block: "start" });
      }
    });
  }
}

// --- quality --------------------------------------------------------------------------------

function swapSource(video, url, played) {
  if (video.currentSrc === new URL(url, window.location.href).href) return;
  played.keep();
  const time = video.currentTime;
  const wasPaused = video.paused;
  const rate = video.playbackRate;
  video.addEventListener("loadedmetadata", () => {
    video.currentTime = time;
    video.playbackRate = rate;
    if (!wasPaused) video.play().catch(() => {});
  }, { once: true });
  video.src = url;
}

function preferredQuality(select, key) {
  let stored = null;
  try { stored = window.localStorage.getItem(key); } catch { /* storage may be blocked */ }
  const labels = [...select.options].map((option) => option.textContent.trim());
  if (stored && labels.includes(stored)) return stored;
  const saveData = navigator.connection && navigator.connection.saveData;
  if ((saveData || window.matchMedia("(max-width: 40rem)").matches) && labels.includes("360p")) return "360p";
  return labels[0];
}

function wireQuality(video, played, select, config) {
  if (!select) return;
  const chosen = preferredQuality(select, config.qualityKey);
  const option = [...select.options].find((o) => o.textContent.trim() === chosen);
  if (option && option.index !== select.selectedIndex) {
    select.selectedIndex = option.index;
    swapSource(video, option.value, played);
  }
  select.addEventListener("change", () => {
    const picked = select.options[select.selectedIndex];
    try { window.localStorage.setItem(config.qualityKey, picked.textContent.trim()); } catch { /* ignore */ }
    swapSource(video, picked.value, played);
  });
}

// --- watermark ------------------------------------------------------------------------------

function startWatermark(mark, locale) {
  if (!mark) return;
  const time = mark.querySelector("[data-watermark-time]");
  // In UTC and saying so, as the page first renders it (festival.time_zones.zoned_time).
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const tick = () => { time.textContent = `${format.format(new Date())} (UTC)`; };
  const move = () => {
    const frame = mark.parentElement.getBoundingClientRect();
    const box = mark.getBoundingClientRect();
    const room = (size, own) => (size > 0 ? Math.max(0, 1 - own / size) * 100 : 0);
    mark.style.left = `${Math.random() * room(frame.width, box.width)}%`;
    mark.style.top = `${Math.random() * room(frame.height, box.height) * 0.8}%`;
    window.setTimeout(move, 20000 + Math.random() * 20000);
  };
  tick();
  window.setInterval(tick, 15000);
  move();
}

// --- viewing reports ------------------------------------------------------------------------

function startReports(video, played, config) {
  let lastSent = "[]";
  let stopped = false;

  const chunks = (intervals) => {
    const out = [];
    for (let i = 0; i < intervals.length; i += config.maxIntervals) {
      out.push(intervals.slice(i, i + config.maxIntervals));
    }
    return out;
  };

  const report = ({ beacon = false } = {}) => {
    const intervals = played.all();
    const snapshot = JSON.stringify(intervals);
    if (stopped || snapshot === lastSent) return;
    lastSent = snapshot;
    for (const chunk of chunks(intervals)) {
      const body = JSON.stringify({ intervals: chunk, csrf_token: csrfToken() });
      if (beacon && navigator.sendBeacon) {
        // A beacon cannot carry headers: the token travels in the body.
        navigator.sendBeacon(config.viewingUrl, new Blob([body], { type: "text/plain;charset=UTF-8" }));
        continue;
      }
      fetch(config.viewingUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
        body,
      }).then((response) => {
        if (response.status === 403 || response.status === 404) stopped = true;
        else if (!response.ok) lastSent = "";
      }).catch(() => { lastSent = ""; });
    }
  };

  window.setInterval(() => { if (!video.paused) report(); }, config.reportEverySeconds * 1000);
  video.addEventListener("pause", () => report());
  video.addEventListener("ended", () => report());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") report({ beacon: true });
  });
  window.addEventListener("pagehide", () => report({ beacon: true }));
}
