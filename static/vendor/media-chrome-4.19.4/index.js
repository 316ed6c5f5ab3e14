import * as constants from "./constants.js";
import * as timeUtils from "./utils/time.js";
import { t } from "./utils/i18n.js";
import MediaController from "./media-controller.js";
import MediaAirplayButton from "./media-airplay-button.js";
import MediaCaptionsButton from "./media-captions-button.js";
import MediaCastButton from "./media-cast-button.js";
import MediaChromeButton from "./media-chrome-button.js";
import MediaChromeDialog from "./media-chrome-dialog.js";
import MediaChromeRange from "./media-chrome-range.js";
import MediaControlBar from "./media-control-bar.js";
import MediaDurationDisplay from "./media-duration-display.js";
import MediaErrorDialog from "./media-error-dialog.js";
import MediaKeyboardShortcutsDialog from "./media-keyboard-shortcuts-dialog.js";
import MediaFullscreenButton from "./media-fullscreen-button.js";
import MediaGestureReceiver from "./media-gesture-receiver.js";
import MediaLiveButton from "./media-live-button.js";
import MediaLoadingIndicator from "./media-loading-indicator.js";
import MediaMuteButton from "./media-mute-button.js";
import MediaPipButton from "./media-pip-button.js";
import MediaPlaybackRateButton from "./media-playback-rate-button.js";
import MediaPlayButton from "./media-play-button.js";
import MediaPosterImage from "./media-poster-image.js";
import MediaPreviewChapterDisplay from "./media-preview-chapter-display.js";
import MediaPreviewThumbnail from "./media-preview-thumbnail.js";
import MediaPreviewTimeDisplay from "./media-preview-time-display.js";
import MediaSeekBackwardButton from "./media-seek-backward-button.js";
import MediaSeekForwardButton from "./media-seek-forward-button.js";
import MediaTimeDisplay from "./media-time-display.js";
import MediaTimeRange from "./media-time-range.js";
import MediaTooltip from "./media-tooltip.js";
import MediaVolumeRange from "./media-volume-range.js";
import MediaContainer from "./media-container.js";
import MediaTextDisplay from "./media-text-display.js";
import MediaLoopButton from "./media-loop-button.js";
export {
  MediaAirplayButton,
  MediaCaptionsButton,
  MediaCastButton,
  MediaChromeButton,
  MediaChromeDialog,
  MediaChromeRange,
  MediaContainer,
  MediaControlBar,
  MediaController,
  MediaDurationDisplay,
  MediaErrorDialog,
  MediaFullscreenButton,
  MediaGestureReceiver,
  MediaKeyboardShortcutsDialog,
  MediaLiveButton,
  MediaLoadingIndicator,
  MediaLoopButton,
  MediaMuteButton,
  MediaPipButton,
  MediaPlayButton,
  MediaPlaybackRateButton,
  MediaPosterImage,
  MediaPreviewChapterDisplay,
  MediaPreviewThumbnail,
  MediaPreviewTimeDisplay,
  MediaSeekBackwardButton,
  MediaSeekForwardButton,
  MediaTextDisplay,
  MediaTimeDisplay,
  MediaTimeRange,
  MediaTooltip,
  MediaVolumeRange,
  constants,
  t,
  timeUtils
};
