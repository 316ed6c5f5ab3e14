"""Screeners: resumable upload, hardened probe, one-pass previews and QC, playback.

`rules.py` composes the films predicates and holds the hooks higher domains register.
CONTRIBUTING.md lists the one way each recurring thing is done."""
