"""Behaviour every page shares: CSRF, escaping, languages, error pages."""

from festival import create_app
from festival.accounts.enums import Role
from tests.conftest import settings_for_tests


def test_form_without_csrf_token_is_refused_with_a_message(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    user = make_user(Role.FILMMAKER)
    response = client.post("/login", data={"email": user.email, "password": "x" * 12})
    assert response.status_code == 400
    assert "form has expired" in response.get_data(as_text=True)


def test_form_with_csrf_token_is_accepted(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    user = make_user(Role.FILMMAKER)
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/login",
        data={"email": user.email, "password": "correct horse battery staple", "csrf_token": token},
    )
    assert response.status_code == 302


def test_user_text_is_escaped(client, auth, make_user):
    user = make_user(Role.FILMMAKER, name="<script>alert(1)</script>")
    auth.login(user)
    text = client.get("/account").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_browser_language_picks_korean(client, app_ctx):
    text = client.get("/login", headers={"Accept-Language": "ko-KR,ko;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="ko">' in text
    assert "로그인" in text


def test_user_setting_wins_over_browser_language(client, auth, make_user):
    auth.login(make_user(Role.FILMMAKER, locale="ko"))
    text = client.get("/account", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="ko">' in text


def test_language_switcher_remembers_choice(client, app_ctx):
    client.post("/language", data={"locale": "ko", "next": "/login"})
    assert '<html lang="ko">' in client.get("/login").get_data(as_text=True)


def test_unknown_page_is_a_404_in_the_site_layout(client, app_ctx):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "We could not find that page." in text
    assert 'class="site-header"' in text


def test_json_client_gets_json_errors(client, app_ctx):
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"] == "We could not find that page."


def test_healthz_reports_database_queue_and_ffmpeg(client, app_ctx):
    response = client.get("/healthz")
    report = response.get_json()
    assert set(report) >= {"database", "queue", "ffmpeg"}
    assert report["database"]["ok"] and report["queue"]["ok"] and report["ffmpeg"]["ok"]
    assert response.status_code == 200


def test_healthz_says_when_the_media_disk_is_below_its_free_space(
    app, client, app_ctx, monkeypatch
):
    monkeypatch.setitem(app.config, "MEDIA_MIN_FREE_BYTES", 2**62)
    response = client.get("/healthz")
    media = response.get_json()["media"]
    assert response.status_code == 503
    assert media["ok"] is False and 0 < media["free_bytes"] < 2**62


def test_the_bench_hello_is_routed_only_when_its_setting_is_on(client, tmp_path):
    assert client.get("/hello").status_code == 404
    bench = create_app(settings_for_tests(tmp_path) | {"BENCH_HELLO": True})
    response = bench.test_client().get("/hello")
    assert response.status_code == 200 and response.text == "hello"


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    user = make_user(Role.FILMMAKER)
    response = client.post(
        "/login", data={"email": user.email, "password": "correct horse battery staple"}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_user_text_inside_a_lazy_message_is_escaped(app):
    from flask import render_template_string
    from flask_babel import lazy_gettext

    with app.test_request_context():
        message = lazy_gettext("Welcome, %(name)s", name="<script>x</script>")
        html = render_template_string("{{ message }}", message=message)
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_fields_without_errors_carry_no_aria_invalid(client, app_ctx):
    text = client.get("/login").get_data(as_text=True)
    assert 'aria-invalid="None"' not in text
    assert 'aria-describedby="None"' not in text
