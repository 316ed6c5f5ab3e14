from festival.links import site_url


def test_site_url_builds_links_without_a_request_on_the_public_address(app, monkeypatch):
    monkeypatch.setitem(app.config, "SITE_URL", "https://festival.example.org/submit")
    with app.app_context():
        assert site_url("accounts.login") == "https://festival.example.org/submit/login"


def test_site_url_ignores_the_host_a_request_came_in_on(app):
    with app.test_request_context(base_url="http://internal-host:8000"):
        assert site_url("editions.home") == "http://festival.test/"
