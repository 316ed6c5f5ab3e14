"""What a visitor does on every journey, written as they would do it: by labels and names."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def header(page: Page):
    return page.get_by_role("navigation", name="Main")


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/")
    header(page).get_by_role("link", name="Log in").click()
    main = page.get_by_role("main")
    main.get_by_label("Email").fill(email)
    main.get_by_label("Password", exact=True).fill(password)
    main.get_by_role("button", name="Log in").click()
    expect(header(page).get_by_role("button", name="Log out")).to_be_visible()


def log_out(page: Page) -> None:
    header(page).get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_contain_text("You are logged out.")
