"""The security headers every response carries: pages, JSON, media, errors and static files.

The Content-Security-Policy allows scripts only from this site's files, so an injected
`<script>` or `onclick=` never runs (templates keep JavaScript in static/js and data in
`<script type="application/json">` blocks, which are never executed). Styles: our templates
use no style attribute (`style-src-attr 'none'`); `<style>` elements stay allowed because the
vendored player, Media Chrome, styles its shadow DOM with them, and CSS cannot run script.
Media and images may be `blob:` (the player and upload previews) and images `data:` (icons).
Nothing may frame a page (clickjacking), and HSTS is sent only when the site is served over
HTTPS. A response that sets a header itself keeps its own value."""

from __future__ import annotations

from flask import Flask, Response, current_app, request

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "style-src-elem": "'self' 'unsafe-inline'",
    "style-src-attr": "'none'",
    "img-src": "'self' data: blob:",
    "media-src": "'self' blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
"""`style-src` is the fallback of browsers that know neither `-elem` nor `-attr`."""

HSTS = "max-age=31536000; includeSubDomains"


def content_security_policy() -> str:
    return "; ".join(f"{directive} {sources}" for directive, sources in POLICY.items())


def headers_for(*, secure: bool) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": content_security_policy(),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    if secure:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def add_security_headers(response: Response) -> Response:
    secure = request.is_secure or current_app.config.get("PREFERRED_URL_SCHEME") == "https"
    for name, value in headers_for(secure=secure).items():
        response.headers.setdefault(name, value)
    return response


def register(app: Flask) -> None:
    app.after_request(add_security_headers)
