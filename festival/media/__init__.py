"""Screeners: resumable upload, hardened probe, one-pass previews and QC, playback."""
