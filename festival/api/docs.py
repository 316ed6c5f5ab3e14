"""The API's documentation page: Swagger UI (vendored, pinned) over /api/v1/openapi.json."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for

from festival.accounts.access import public

SWAGGER_UI = "vendor/swagger-ui-dist-5.35.0"

bp = Blueprint("api", __name__)


@bp.get("/api/v1/docs")
@public
def docs():
    return render_template(
        "api/docs.html",
        spec_url=url_for("api-docs.openapi_json"),
        swagger_ui=SWAGGER_UI,
    )
