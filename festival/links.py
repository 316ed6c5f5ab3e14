"""Absolute links for emails and exports, on the site's public address (`SITE_URL`).

They work with or without a request (a worker, the CLI), and never take the host from a
request, which behind a proxy may be an internal name or one a client made up."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app


def site_url(endpoint: str, **values) -> str:
    base = urlsplit(current_app.config["SITE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def register(app: Flask) -> None:
    app.add_template_global(site_url)
