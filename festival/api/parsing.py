"""Reading a request's JSON body for `@blp.arguments`: within the bounds of
`json_bodies.json_body` (size, depth, NUL; text NFC), refused as problem details."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from webargs.flaskparser import FlaskParser, is_json_request

from festival.api.problems import Problem
from festival.json_bodies import json_body

NOT_READ = object()


class BoundedJsonParser(FlaskParser):
    """webargs' Flask parser, reading JSON bodies through `json_bodies.json_body`: 415 when
    the body is not sent as JSON, 400 when it is not valid JSON, 413 when too large."""

    def load_json(self, req, schema):
        if not is_json_request(req):
            raise Problem(415, slug="media_type")
        body = getattr(req, "festival_json_body", NOT_READ)  # the request's, not the context's
        if body is NOT_READ:
            body = req.festival_json_body = json_body()
        if body is None:
            raise Problem(400, _l("The body is not valid JSON."), slug="malformed_json")
        return body
