"""A filmmaker's first visit and an administrator opening a call for entries."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.actions import header, log_in, log_out

pytestmark = pytest.mark.browser

FILMMAKER_NAME = "Park Min-ji"
FILMMAKER_EMAIL = "minji@example.org"
FILMMAKER_PASSWORD = "a long enough passphrase"


def test_register_login_and_create_edition(page, screenshot, admin):
    page.goto("/")
    screenshot("home")

    header(page).get_by_role("link", name="Register").click()
    form = page.get_by_role("main")
    form.get_by_label("Name").fill(FILMMAKER_NAME)
    form.get_by_label("Email").fill(FILMMAKER_EMAIL)
    form.get_by_label("Password", exact=True).fill(FILMMAKER_PASSWORD)
    form.get_by_label("Repeat the password").fill(FILMMAKER_PASSWORD)
    form.get_by_label("Language").select_option(label="English")
    screenshot("registration-filled")
    form.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status")).to_contain_text(f"Welcome, {FILMMAKER_NAME}.")
    expect(header(page).get_by_role("link", name=FILMMAKER_NAME)).to_be_visible()
    screenshot("registered")

    log_out(page)
    screenshot("logged-out")

    log_in(page, FILMMAKER_EMAIL, FILMMAKER_PASSWORD)
    expect(header(page).get_by_role("link", name=FILMMAKER_NAME)).to_be_visible()
    expect(header(page).get_by_role("link", name="Editions")).to_have_count(0)
    screenshot("filmmaker-logged-in")
    log_out(page)

    log_in(page, admin.email, admin.password)
    expect(header(page).get_by_role("link", name=admin.name)).to_be_visible()
    screenshot("admin-logged-in")
    header(page).get_by_role("link", name="Editions").click()
    screenshot("editions")
