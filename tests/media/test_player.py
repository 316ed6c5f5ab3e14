"""The watch page, its WebVTT tracks and the viewing reports, through the test client."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import url_for

from festival.accounts.enums import Role
from festival.disclosure.enums import Element
from festival.disclosure.validation import SegmentDraft
from festival.extensions import db
from festival.media import rules, viewing
from festival.media.enums import AssetKind
from festival.media.models import Viewing
from tests import factories
from tests.conftest import sign_in

HANGUL_NOTE = "<자동차> 폭발 & 연기"


@dataclass
class Cast:
    owner: object
    other_filmmaker: object
    juror: object
    programmer: object
    admin: object
    film: object
    screener: object


@pytest.fixture
def cast(app_ctx):
    owner = factories.make_user(Role.FILMMAKER, name="김감독")
    film = factories.make_film(owner=owner)
    factories.make_disclosure(
        film,
        segments=[
            SegmentDraft(60_000, 95_000, Element.VFX_COMPOSITING, "Runway Gen-4", HANGUL_NOTE),
            SegmentDraft(120_000, 150_000, Element.VOICE_DIALOGUE, "ElevenLabs", ""),
        ],
    )
    screener = factories.make_screener(
        film, probe={"duration_s": 600.0}, preview_360=True, storyboard_sheets=2
    )
    return Cast(
        owner=owner,
        other_filmmaker=factories.make_user(Role.FILMMAKER),
        juror=factories.make_user(Role.JUROR, name="<심사> 위원"),
        programmer=factories.make_user(Role.PROGRAMMER),
        admin=factories.make_user(Role.ADMIN),
        film=film,
        screener=screener,
    )


def urls(app, cast) -> dict[str, str]:
    with app.test_request_context():
        return {
            "watch": url_for("player.watch", film_id=cast.film.id),
            "chapters": url_for("player.ai_segments", screener_id=cast.screener.id),
            "storyboard": url_for("player.storyboard", screener_id=cast.screener.id),
            "viewing": url_for("player.record_viewing", screener_id=cast.screener.id),
        }


def open_as(client, name, url):
    if name == "viewing":
        return client.post(url, json={"intervals": [[0, 1000]]})
    return client.get(url)


@pytest.fixture
def assigned_juror():
    """Stands in for the judging rule "jurors assigned to the film, while their round is open,
    for the version it judges"."""
    allowed = set()

    def rule(user, screener):
        return (user.id, screener.film_id) in allowed

    rules.register_viewer_rule(rule)
    yield allowed
    rules._viewer_rules.remove(rule)


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["watch", "chapters", "storyboard", "viewing"])
@pytest.mark.parametrize("role", ["owner", "programmer", "admin"])
def test_owner_and_staff_reach_every_player_url(app, cast, role, name):
    client = sign_in(app.test_client(), getattr(cast, role))

    assert open_as(client, name, urls(app, cast)[name]).status_code == 200


@pytest.mark.parametrize("name", ["watch", "chapters", "storyboard", "viewing"])
@pytest.mark.parametrize("role", ["other_filmmaker", "juror"])
def test_other_filmmakers_and_unassigned_jurors_get_404(app, cast, role, name):
    client = sign_in(app.test_client(), getattr(cast, role))

    assert open_as(client, name, urls(app, cast)[name]).status_code == 404
    assert db.session.scalar(db.select(db.func.count(Viewing.id))) == 0


@pytest.mark.parametrize("name", ["watch", "chapters", "storyboard", "viewing"])
def test_anonymous_visitors_are_sent_to_log_in(app, cast, name):
    response = open_as(app.test_client(), name, urls(app, cast)[name])

    assert response.status_code in (302, 401)


@pytest.mark.parametrize("name", ["chapters", "storyboard", "viewing"])
def test_access_is_checked_on_every_request(app, cast, assigned_juror, name):
    client = sign_in(app.test_client(), cast.juror)
    url = urls(app, cast)[name]

    assigned_juror.add((cast.juror.id, cast.film.id))
    assert open_as(client, name, url).status_code == 200
    assigned_juror.clear()
    assert open_as(client, name, url).status_code == 404


# --- tracks ---------------------------------------------------------------------------------


def test_chapters_track_lists_the_disclosed_segments(app, cast):
    client = sign_in(app.test_client(), cast.owner)

    response = client.get(urls(app, cast)["chapters"])

    assert response.mimetype == "text/vtt"
    assert response.get_data(as_text=True) == (
        "WEBVTT\n\n"
        "ai-1\n00:01:00.000 --> 00:01:35.000\n"
        "VFX and compositing: &lt;자동차&gt; 폭발 &amp; 연기\n\n"
        "ai-2\n00:02:00.000 --> 00:02:30.000\nVoice and dialogue\n"
    )


def test_storyboard_track_points_at_the_checked_asset_urls(app, cast):
    client = sign_in(app.test_client(), cast.programmer)
    with app.test_request_context():
        sheet_urls = [
            url_for("media.asset", asset_id=asset.id)
            for asset in cast.screener.assets
            if asset.kind == AssetKind.STORYBOARD
        ]

    response = client.get(urls(app, cast)["storyboard"])

    assert response.mimetype == "text/vtt"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "WEBVTT"
    references = [line for line in lines if "#xywh=" in line]
    assert references == [
        f"{sheet_urls[0]}#xywh=0,0,160,90",
        f"{sheet_urls[0]}#xywh=160,0,160,90",
        f"{sheet_urls[1]}#xywh=0,0,160,90",
        f"{sheet_urls[1]}#xywh=160,0,160,90",
    ]
    assert "storyboard_000.jpg" not in response.get_data(as_text=True)
    sheet = client.get(sheet_urls[1])
    assert sheet.status_code == 200 and sheet.mimetype == "image/jpeg"


def test_a_version_without_storyboard_has_an_empty_thumbnail_track(app, cast):
    bare = factories.make_screener(cast.film)
    client = sign_in(app.test_client(), cast.owner)

    response = client.get(f"/screeners/{bare.id}/storyboard.vtt")

    assert response.status_code == 200
    assert response.get_data(as_text=True) == "WEBVTT\n"


# --- the page -------------------------------------------------------------------------------


def test_watch_page_plays_the_newest_ready_version(app, cast):
    factories.make_screener(cast.film, state="transcoding")
    client = sign_in(app.test_client(), cast.programmer)

    page = client.get(urls(app, cast)["watch"]).get_data(as_text=True)

    preview_720 = cast.screener.asset(AssetKind.PREVIEW_720)
    preview_360 = cast.screener.asset(AssetKind.PREVIEW_360)
    poster = cast.screener.asset(AssetKind.POSTER)
    assert f'src="/media/{preview_720.id}"' in page
    assert f'<option value="/media/{preview_360.id}">360p</option>' in page
    assert f'poster="/media/{poster.id}"' in page
    assert f'src="/screeners/{cast.screener.id}/storyboard.vtt"' in page
    assert 'kind="metadata" label="thumbnails"' in page
    assert 'kind="chapters"' in page and f"/screeners/{cast.screener.id}/ai-segments.vtt" in page
    assert '<meta name="csrf-token"' in page


def test_watch_page_lists_the_ai_segments_with_notes_escaped(app, cast):
    client = sign_in(app.test_client(), cast.owner)

    page = client.get(urls(app, cast)["watch"]).get_data(as_text=True)

    assert "&lt;자동차&gt; 폭발 &amp; 연기" in page
    assert "<자동차>" not in page
    assert page.count('data-seek-ms="60000"') == 1
    assert page.count('data-seek-ms="120000"') == 1
    ranges = re.findall(r'<li class="ai-range ai-el-(\w+)" data-start-ms="(\d+)"', page)
    assert ranges == [("vfx_compositing", "60000"), ("voice_dialogue", "120000")]
    assert "VFX and compositing from 00:01:00 to 00:01:35: &lt;자동차&gt; 폭발 &amp; 연기" in page


def test_assigned_jurors_watch_on_their_review_page_not_the_film_page(app, cast, assigned_juror):
    assigned_juror.add((cast.juror.id, cast.film.id))
    client = sign_in(app.test_client(), cast.juror)

    assert client.get(urls(app, cast)["watch"]).status_code == 404


def test_watch_page_puts_the_viewer_name_in_the_watermark(app, cast):
    cast.programmer.name = "<심사> 위원"
    db.session.flush()
    client = sign_in(app.test_client(), cast.programmer)

    page = client.get(urls(app, cast)["watch"]).get_data(as_text=True)

    watermark = re.search(r'<div class="player-watermark"[^>]*>(.*?)</div>', page, re.S)
    assert watermark is not None
    assert "&lt;심사&gt; 위원" in watermark.group(1)
    assert "<심사>" not in page
    assert "김감독" not in watermark.group(1)


def test_the_watermark_shows_utc_and_says_so_whatever_the_viewers_zone(app, cast):
    cast.programmer.timezone = "Asia/Seoul"
    db.session.flush()
    client = sign_in(app.test_client(), cast.programmer)

    before = datetime.now(UTC)
    page = client.get(urls(app, cast)["watch"]).get_data(as_text=True)
    after = datetime.now(UTC)

    shown = re.search(r"<span[^>]*data-watermark-time>(.*?)</span>", page).group(1)
    assert shown.endswith(" (UTC)")
    clocks = {f"{moment:%-I:%M}\u202f{moment:%p}" for moment in (before, after)}
    assert any(clock in shown for clock in clocks), shown
    assert "Korean Standard Time" not in shown
    player_js = (Path(app.static_folder) / "js" / "player.js").read_text()
    assert 'timeZone: "UTC"' in player_js and "(UTC)" in player_js


def test_watch_page_passes_the_player_settings_as_json(app, cast):
    client = sign_in(app.test_client(), cast.owner)

    page = client.get(urls(app, cast)["watch"]).get_data(as_text=True)

    config = json.loads(re.search(r'id="player-config">(.*?)</script>', page, re.S).group(1))
    assert config["viewingUrl"] == urls(app, cast)["viewing"]
    assert config["durationMs"] == 600_000
    assert config["maxIntervals"] == viewing.MAX_INTERVALS_PER_REPORT
    assert config["labels"]["Play"] == "Play"


def test_watch_page_in_korean_translates_the_player_controls(app, cast):
    cast.owner.locale = "ko"
    db.session.flush()
    client = sign_in(app.test_client(), cast.owner)

    page = client.get(urls(app, cast)["watch"]).get_data(as_text=True)

    config = json.loads(re.search(r'id="player-config">(.*?)</script>', page, re.S).group(1))
    assert config["locale"] == "ko"
    assert config["labels"]["Play"] != "Play"
    assert 'lang="ko"' in page


def test_watch_page_without_a_ready_version_says_so(app, cast):
    film = factories.make_film(owner=cast.owner)
    factories.make_screener(film, state="transcoding")
    client = sign_in(app.test_client(), cast.owner)

    response = client.get(f"/films/{film.id}/watch")

    assert response.status_code == 200
    assert "No preview of this film is ready yet" in response.get_data(as_text=True)
    assert "<media-controller" not in response.get_data(as_text=True)


# --- viewing reports ------------------------------------------------------------------------


def stored_viewing(user, screener):
    db.session.expire_all()
    return viewing.viewing_of(user, screener)


def test_a_report_is_merged_and_answered_with_the_share(app, cast):
    client = sign_in(app.test_client(), cast.programmer)
    url = urls(app, cast)["viewing"]

    client.post(url, json={"intervals": [[0, 60_000]]})
    response = client.post(url, json={"intervals": [[60_000, 90_000], [300_000, 330_000]]})

    assert response.status_code == 200
    assert response.get_json() == {"watched_ms": 120_000, "share": 0.2}
    assert stored_viewing(cast.programmer, cast.screener).intervals == [
        [0, 90_000],
        [300_000, 330_000],
    ]


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[1, 2]",
        json.dumps({"intervals": [[-1000, 5000]]}).encode(),
        json.dumps({"intervals": [[5000, 1000]]}).encode(),
        json.dumps({"intervals": [[0, 700_000]]}).encode(),
        json.dumps({"intervals": "everything"}).encode(),
    ],
    ids=["garbage", "not-an-object", "negative", "reversed", "past-the-end", "not-a-list"],
)
def test_bad_reports_get_a_json_reason_and_store_nothing(app, cast, body):
    client = sign_in(app.test_client(), cast.owner)

    response = client.post(urls(app, cast)["viewing"], data=body, content_type="application/json")

    assert response.status_code == 400
    assert response.is_json and response.get_json()["error"]
    assert stored_viewing(cast.owner, cast.screener) is None


def test_someone_elses_screener_gets_a_json_404(app, cast):
    client = sign_in(app.test_client(), cast.other_filmmaker)

    response = client.post(urls(app, cast)["viewing"], json={"intervals": [[0, 1000]]})

    assert response.status_code == 404
    assert response.get_json()["error"]
    assert stored_viewing(cast.other_filmmaker, cast.screener) is None


def test_a_version_that_is_not_ready_cannot_be_reported(app, cast):
    pending = factories.make_screener(cast.film, state="transcoding")
    client = sign_in(app.test_client(), cast.owner)

    response = client.post(f"/screeners/{pending.id}/viewing", json={"intervals": [[0, 1000]]})

    assert response.status_code == 404
    assert response.get_json()["error"]


@pytest.fixture
def csrf_enabled(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def page_token(client, url) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)


def test_with_csrf_on_a_report_needs_the_page_token(app, cast, csrf_enabled):
    client = sign_in(app.test_client(), cast.owner)
    url = urls(app, cast)["viewing"]

    refused = client.post(url, json={"intervals": [[0, 1000]]})
    forged = client.post(url, json={"intervals": [[0, 1000]]}, headers={"X-CSRFToken": "forged"})

    assert refused.status_code == 400 and refused.get_json()["error"]
    assert forged.status_code == 400
    assert stored_viewing(cast.owner, cast.screener) is None


def test_with_csrf_on_the_header_or_the_beacon_body_carries_the_token(app, cast, csrf_enabled):
    client = sign_in(app.test_client(), cast.owner)
    token = page_token(client, urls(app, cast)["watch"])
    url = urls(app, cast)["viewing"]

    by_header = client.post(url, json={"intervals": [[0, 1000]]}, headers={"X-CSRFToken": token})
    by_beacon = client.post(
        url,
        data=json.dumps({"intervals": [[5000, 6000]], "csrf_token": token}),
        content_type="text/plain;charset=UTF-8",
    )

    assert by_header.status_code == 200
    assert by_beacon.status_code == 200
    assert by_beacon.get_json()["watched_ms"] == 2000
