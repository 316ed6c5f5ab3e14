"""The security headers every response carries: pages, JSON, media, errors and static files.

The Content-Security-Policy allows scripts only from this site's files, so an injected
`<script>` or `onclick=` never runs (templates keep JavaScript in static/js and data in
`<script type="application/json">` blocks, which are never executed). Styles: our templates
use no style attribute (`style-src-attr 'none'`); `<style>` elements stay allowed because the
vendored player, Media Chrome, styles its shadow DOM with them, and CSS cannot run script.
Media and images may be `blob:` (the player and upload previews) and images `data:` (icons);
with media in a bucket, media and images may also come from the bucket's origin, where the
app's access check redirects them.
Nothing may frame a page (clickjacking), and HSTS is sent only when the site is served over
HTTPS. A response that sets a header itself keeps its own value."""

from __future__ import annotations

from urllib.parse import urlsplit

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


def content_security_policy(media_origin: str | None = None) -> str:
    policy = dict(POLICY)
    if media_origin:
        for directive in ("img-src", "media-src"):
            policy[directive] += f" {media_origin}"
    return "; ".join(f"{directive} {sources}" for directive, sources in policy.items())


def headers_for(*, secure: bool, media_origin: str | None = None) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": content_security_policy(media_origin),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    if secure:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def bucket_origin(config) -> str | None:
    """Where presigned media URLs point when MEDIA_STORAGE is a bucket; None on disk."""
    if not (config.get("MEDIA_STORAGE") or "").startswith("s3://"):
        return None
    endpoint = config.get("S3_ENDPOINT_URL")
    if not endpoint:
        return "https://*.amazonaws.com"
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def add_security_headers(response: Response) -> Response:
    secure = request.is_secure or current_app.config.get("PREFERRED_URL_SCHEME") == "https"
    media_origin = bucket_origin(current_app.config)
    for name, value in headers_for(secure=secure, media_origin=media_origin).items():
        response.headers.setdefault(name, value)
    return response


def register(app: Flask) -> None:
    app.after_request(add_security_headers)
