"""Static files under a content-hashed path, so a proxy may cache them for a year.

`url_for("static", filename="css/site.css")` gives `/static/v/<hash>/css/site.css`, where the
hash covers every file under `static/`: a deploy that changes any file changes every URL, and
an ES module's relative imports (`./csrf.js`) resolve under the same versioned path, so they
are fresh too. nginx serves `/static/v/...` itself with `immutable` (deploy/nginx); the app
serves them the same way when nothing is in front of it. Any hash is accepted: a page loaded
just before a deploy still finds its files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, current_app

VERSION_CHARS = 12
ONE_YEAR_S = 365 * 24 * 3600


def tree_hash(folder: Path) -> str:
    """A short hash of every file's path and bytes under `folder`."""
    digest = hashlib.sha256()
    for path in sorted(path for path in folder.rglob("*") if path.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:VERSION_CHARS]


def serve_static(filename: str, version: str | None = None) -> Response:
    response = current_app.send_static_file(filename)
    if version is not None:
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR_S
        response.cache_control.immutable = True
    return response


def register(app: Flask) -> None:
    """Before `static` is declared public: the versioned rule shares its endpoint and view."""
    version = tree_hash(Path(app.static_folder))
    app.add_url_rule(f"{app.static_url_path}/v/<version>/<path:filename>", endpoint="static")
    app.view_functions["static"] = serve_static

    def add_version(endpoint: str, values: dict) -> None:
        if endpoint == "static":
            values.setdefault("version", version)

    app.url_defaults(add_version)
