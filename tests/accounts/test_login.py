from festival.accounts.enums import Role


def test_filmmaker_registers_and_is_logged_in(client, app_ctx):
    response = client.post(
        "/register",
        data={
            "name": "김감독",
            "email": "Director@Example.org ",
            "password": "a long enough pass",
            "confirm": "a long enough pass",
            "locale": "ko",
        },
    )
    assert response.status_code == 302
    page = client.get("/account")
    assert page.status_code == 200
    assert "김감독" in page.get_data(as_text=True)
    assert "director@example.org" in page.get_data(as_text=True)


def test_login_with_wrong_password_says_so_and_keeps_email(client, make_user):
    user = make_user(Role.FILMMAKER)
    response = client.post("/login", data={"email": user.email, "password": "wrong password"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "do not match" in text
    assert f'value="{user.email}"' in text


def test_login_is_rate_limited(client, make_user):
    user = make_user(Role.FILMMAKER)
    statuses = [
        client.post("/login", data={"email": user.email, "password": "nope nope"}).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
