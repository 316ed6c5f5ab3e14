"""A filmmaker's first visit and an administrator opening a call for entries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.actions import form_headed, header, log_in, log_out, register, status_message

pytestmark = pytest.mark.browser

FILMMAKER_NAME = "Park Min-ji"
FILMMAKER_EMAIL = "minji@example.org"
FILMMAKER_PASSWORD = "a long enough passphrase"
EDITION_NAME = "Seoul AI Film Festival 2027"


def test_register_login_and_create_edition(page, screenshot, admin, live_server):
    page.goto("/")
    screenshot("home")

    register(page, live_server, FILMMAKER_NAME, FILMMAKER_EMAIL, FILMMAKER_PASSWORD, screenshot)
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
    header(page).get_by_role("link", name="Editions").click()
    expect(page.get_by_role("heading", name="Editions")).to_be_visible()
    screenshot("editions")

    page.get_by_role("link", name="New edition").click()
    form = page.get_by_role("main")
    form.get_by_label("Name").fill(EDITION_NAME)
    form.get_by_label("Year").fill("2027")
    form.get_by_label("Web address").fill("saff-2027")
    form.get_by_label("Opens on").fill((date.today() - timedelta(days=1)).isoformat())
    form.get_by_label("Time zone").fill("Asia/Seoul")
    form.get_by_label("Currency").fill("KRW")
    form.get_by_label("Rules").fill("One film per filmmaker.")
    form.get_by_label("AI disclosure policy").fill("Disclose every AI-generated shot and voice.")
    screenshot("new-edition-filled")
    form.get_by_role("button", name="Create edition").click()
    expect(page.get_by_role("status")).to_contain_text(f"{EDITION_NAME} is created.")
    expect(page.get_by_role("heading", level=1)).to_have_text(EDITION_NAME)
    screenshot("edition-created")

    category = form_headed(page, "Add a category")
    category.get_by_label("Name", exact=True).fill("Short film")
    category.get_by_label("Maximum runtime (minutes)").fill("20")
    category.get_by_label("Minimum AI-generated share (%)").fill("50")
    category.get_by_role("button", name="Add category").click()
    expect(page.get_by_role("status")).to_contain_text("Category Short film is added.")

    deadline = form_headed(page, "Add a deadline")
    deadline.get_by_label("Name").fill("Regular")
    deadline.get_by_label("Last day").fill((date.today() + timedelta(days=60)).isoformat())
    deadline.get_by_label("Fee (KRW)").fill("30000")
    deadline.get_by_role("button", name="Add deadline").click()
    expect(page.get_by_role("status")).to_contain_text("Deadline Regular is added.")
    screenshot("category-and-deadline-added")

    details = page.get_by_role("region", name="Details")
    details.get_by_label("Published").check()
    details.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("status")).to_contain_text(f"Changes to {EDITION_NAME} are saved.")
    screenshot("edition-published")
    log_out(page)

    call = page.get_by_role("main").get_by_role("listitem").filter(has_text=EDITION_NAME)
    expect(call).to_contain_text("Open for entries")
    expect(call).to_contain_text("30,000")
    screenshot("call-for-entries-public")
    call.get_by_role("link", name=EDITION_NAME).click()
    expect(page.get_by_role("row", name="Short film")).to_contain_text("20 minutes")
    screenshot("call-for-entries-page")


def test_the_browsers_time_zone_is_the_new_accounts_clock_and_offered_again(new_page, live_server):
    """Registering in Seoul gives the account Seoul's clock; once emptied, the account page
    offers the device's zone back with one button."""
    page = new_page(timezone_id="Asia/Seoul")
    page.goto("/")
    register(page, live_server, "Yoon Da-on", "daon.clock@example.org", FILMMAKER_PASSWORD)
    page.goto("/account")
    zone = page.get_by_role("main").get_by_label("Time zone")
    expect(zone).to_have_value("Asia/Seoul")
    offer = page.get_by_role("button", name="Use this device's time zone: Asia/Seoul")
    expect(offer).to_be_hidden()  # the field already holds it

    zone.fill("")
    page.get_by_role("main").get_by_role("button", name="Save").click()
    expect(status_message(page, "Your settings are saved.")).to_be_visible()
    expect(zone).to_have_value("")
    offer.click()
    expect(zone).to_have_value("Asia/Seoul")
    page.get_by_role("main").get_by_role("button", name="Save").click()
    expect(status_message(page, "Your settings are saved.")).to_be_visible()
    expect(zone).to_have_value("Asia/Seoul")
