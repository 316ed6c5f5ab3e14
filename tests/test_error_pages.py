"""The pages nginx shows for errors it raises itself (deploy/nginx/festival.conf sends a refused
request to /errors/<code> as a GET): the site's page in the visitor's language, or JSON."""


def test_a_body_too_large_gets_the_site_page_with_its_status(client, app_ctx):
    response = client.get("/errors/413")

    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "The upload is larger than this site accepts." in text
    assert 'class="site-header"' in text


def test_the_page_speaks_the_visitor_language(client, app_ctx):
    response = client.get("/errors/413", headers={"Accept-Language": "ko-KR,ko;q=0.9"})

    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert '<html lang="ko">' in text
    assert "업로드 파일이 이 사이트에서 허용하는 크기보다 큽니다." in text


def test_a_refused_json_request_gets_json(client, app_ctx):
    # nginx passes on the refused request's Content-Type, not its body.
    sent_json = client.get("/errors/413", headers={"Content-Type": "application/json"})
    asked_json = client.get("/errors/429", headers={"Accept": "application/json"})

    assert sent_json.status_code == 413
    assert sent_json.get_json() == {
        "error": "The upload is larger than this site accepts.",
        "status": 413,
    }
    assert asked_json.status_code == 429
    assert asked_json.get_json()["status"] == 429


def test_only_the_proxy_errors_have_a_page(client, app_ctx):
    assert client.get("/errors/500").status_code == 404
    assert client.get("/errors/200").status_code == 404
