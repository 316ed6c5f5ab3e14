"""Write rules of an edition: its settings, its deadlines in order, publishing, archiving."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from festival.audit.services import events_for
from festival.editions import queries, services
from festival.editions.models import DEFAULT_SCREENER
from festival.editions.services import EditionError

OPENS = date(2027, 1, 1)


def new_edition(**settings):
    return services.create_edition(
        actor=settings.pop("actor", None),
        **{
            "name": "서울 AI 영화제 2027",
            "year": 2027,
            "slug": "seoul-2027",
            "timezone": "Asia/Seoul",
            "currency": "KRW",
            "opens_on": OPENS,
            **settings,
        },
    )


def add_deadline(edition, name: str, last_day_on: date, fee_cents: int):
    return services.add_deadline(
        edition, actor=None, name=name, last_day_on=last_day_on, fee_cents=fee_cents
    )


def refusal(call) -> EditionError:
    with pytest.raises(EditionError) as refused:
        call()
    return refused.value


def test_a_new_edition_is_a_draft_with_default_screener_requirements(app_ctx, make_user):
    admin = make_user("admin")
    edition = new_edition(actor=admin)
    assert not edition.is_published
    assert edition.is_blind_judging
    assert edition.screener_requirements == DEFAULT_SCREENER
    assert edition.screener_requirements.max_file_bytes == 20 * 1024**3
    [event] = events_for(edition)
    assert (event.verb, event.actor_id) == ("created", admin.id)
    assert event.after["name"] == "서울 AI 영화제 2027"
    assert event.after["opens_on"] == "2027-01-01"


def test_slugs_are_unique(app_ctx):
    new_edition()
    assert refusal(lambda: new_edition(name="Another")).field == "slug"


def test_an_unknown_time_zone_or_currency_is_refused(app_ctx):
    assert refusal(lambda: new_edition(timezone="Asia/Busan")).field == "timezone"
    assert refusal(lambda: new_edition(currency="WON")).field == "currency"


def test_screener_bounds_must_be_in_order(app_ctx):
    too_narrow = refusal(lambda: new_edition(screener_min_width=4000, screener_max_width=3840))
    assert too_narrow.field == "screener_max_width"
    assert refusal(lambda: new_edition(screener_containers=[])).field == "screener_containers"


def test_an_update_records_only_what_changed(app_ctx, make_user):
    programmer = make_user("programmer")
    edition = new_edition()
    services.update_edition(edition, actor=programmer, name="부산 AI 영화제", year=2027)
    services.update_edition(edition, actor=programmer, name="부산 AI 영화제")
    events = events_for(edition)
    assert [e.verb for e in events] == ["created", "updated"]
    assert events[1].before == {"name": "서울 AI 영화제 2027"}
    assert events[1].after == {"name": "부산 AI 영화제"}


def test_format_lists_compare_in_their_canonical_order(app_ctx):
    edition = new_edition(screener_containers=["mov", "mp4"])
    assert edition.screener_containers == ["mp4", "mov"]
    services.update_edition(edition, actor=None, screener_containers=["mov", "mp4"])
    assert [e.verb for e in events_for(edition)] == ["created"]


def test_deadlines_are_kept_in_date_order(app_ctx):
    edition = new_edition()
    add_deadline(edition, "Late", date(2027, 5, 31), 70_000)
    add_deadline(edition, "Early", date(2027, 3, 31), 30_000)
    add_deadline(edition, "Regular", date(2027, 4, 30), 50_000)
    assert [d.name for d in edition.deadlines] == ["Early", "Regular", "Late"]


@pytest.mark.parametrize(
    ("kept", "refused"),
    [
        (("Early", date(2027, 3, 31), 30_000), ("Regular", date(2027, 4, 30), 20_000)),
        (("Regular", date(2027, 4, 30), 50_000), ("Early", date(2027, 3, 31), 60_000)),
    ],
    ids=["later-costs-less", "earlier-costs-more"],
)
def test_fees_never_go_down_from_one_deadline_to_the_next(app_ctx, kept, refused):
    edition = new_edition()
    add_deadline(edition, *kept)
    assert refusal(lambda: add_deadline(edition, *refused)).field == "fee"
    assert len(edition.deadlines) == 1


def test_equal_fees_are_allowed(app_ctx):
    edition = new_edition()
    add_deadline(edition, "First", date(2027, 3, 31), 0)
    add_deadline(edition, "Second", date(2027, 4, 30), 0)
    assert len(edition.deadlines) == 2


def test_two_deadlines_cannot_end_on_the_same_day_or_share_a_name(app_ctx):
    edition = new_edition()
    add_deadline(edition, "Early", date(2027, 3, 31), 1)
    same_day = refusal(lambda: add_deadline(edition, "Other", date(2027, 3, 31), 1))
    assert same_day.field == "last_day_on"
    same_name = refusal(lambda: add_deadline(edition, "early", date(2027, 4, 1), 1))
    assert same_name.field == "name"


def test_a_deadline_cannot_end_before_the_call_opens(app_ctx):
    edition = new_edition()
    refused = refusal(lambda: add_deadline(edition, "Too soon", OPENS - timedelta(days=1), 0))
    assert refused.field == "last_day_on"


def test_moving_a_deadline_is_checked_against_the_others(app_ctx, make_user):
    programmer = make_user("programmer")
    edition = new_edition()
    early = add_deadline(edition, "Early", date(2027, 3, 31), 30_000)
    add_deadline(edition, "Regular", date(2027, 4, 30), 50_000)
    refused = refusal(
        lambda: services.update_deadline(early, actor=programmer, last_day_on=date(2027, 5, 1))
    )
    assert refused.field == "fee"
    assert early.last_day_on == date(2027, 3, 31)
    services.update_deadline(
        early, actor=programmer, last_day_on=date(2027, 4, 15), fee_cents=40_000
    )
    event = events_for(edition)[-1]
    assert event.verb == "deadline_changed"
    assert event.before == {"id": early.id, "last_day_on": "2027-03-31", "fee_cents": 30_000}
    assert event.after == {"id": early.id, "last_day_on": "2027-04-15", "fee_cents": 40_000}


def test_the_call_must_open_by_its_first_deadline(app_ctx):
    edition = new_edition()
    add_deadline(edition, "Early", date(2027, 3, 31), 1)
    refused = refusal(
        lambda: services.update_edition(edition, actor=None, opens_on=date(2027, 4, 1))
    )
    assert refused.field == "opens_on"


def test_publishing_needs_a_category_and_a_deadline(app_ctx):
    edition = new_edition()
    assert (
        refusal(lambda: services.update_edition(edition, actor=None, is_published=True)).field
        == "is_published"
    )
    services.add_category(edition, actor=None, name="AI Short", max_runtime_minutes=30)
    assert (
        refusal(lambda: services.update_edition(edition, actor=None, is_published=True)).field
        == "is_published"
    )
    add_deadline(edition, "Only", date(2027, 3, 31), 0)
    services.update_edition(edition, actor=None, is_published=True)
    assert edition.is_published


def test_a_published_edition_keeps_its_last_category_and_deadline(make_edition):
    edition = make_edition(
        categories=[("AI Short", 30, None)], deadlines=[("Only", date.today(), 0)]
    )
    refusal(lambda: services.remove_category(edition.categories[0], actor=None))
    refusal(lambda: services.remove_deadline(edition.deadlines[0], actor=None))
    services.update_edition(edition, actor=None, is_published=False)
    services.remove_deadline(edition.deadlines[0], actor=None)
    services.remove_category(edition.categories[0], actor=None)
    assert edition.deadlines == [] and edition.categories == []
    verbs = [e.verb for e in events_for(edition)]
    assert verbs == ["updated", "deadline_removed", "category_removed"]


def test_the_currency_is_fixed_once_fees_exist(app_ctx):
    edition = new_edition()
    services.update_edition(edition, actor=None, currency="USD")
    add_deadline(edition, "Early", date(2027, 3, 31), 2500)
    assert (
        refusal(lambda: services.update_edition(edition, actor=None, currency="KRW")).field
        == "currency"
    )


def test_category_names_are_unique_per_edition(app_ctx):
    edition = new_edition()
    services.add_category(edition, actor=None, name="AI Short", max_runtime_minutes=30)
    refused = refusal(
        lambda: services.add_category(edition, actor=None, name="ai short", max_runtime_minutes=20)
    )
    assert refused.field == "name"


def test_a_category_change_is_audited_on_its_edition(app_ctx, make_user):
    programmer = make_user("programmer")
    edition = new_edition()
    category = services.add_category(
        edition, actor=programmer, name="AI 단편", max_runtime_minutes=30, min_ai_share_percent=50
    )
    services.update_category(category, actor=programmer, min_ai_share_percent=None, name="AI 단편")
    event = events_for(edition)[-1]
    assert event.verb == "category_changed"
    assert event.before == {"id": category.id, "min_ai_share_percent": 50}
    assert event.after == {"id": category.id, "min_ai_share_percent": None}


def test_archiving_hides_an_edition_and_can_be_undone(make_edition, make_user):
    admin = make_user("admin")
    edition = make_edition()
    assert edition in queries.public_editions()
    services.set_archived(edition, True, actor=admin)
    assert edition.is_archived
    assert edition not in queries.public_editions()
    services.set_archived(edition, False, actor=admin)
    assert edition in queries.public_editions()
    assert [e.verb for e in events_for(edition)] == ["archived", "unarchived"]


def test_unknown_fields_are_a_programming_error(app_ctx):
    edition = new_edition()
    with pytest.raises(TypeError):
        services.update_edition(edition, actor=None, archived_at=None)


def test_a_category_minimum_runtime_stays_below_its_maximum(app_ctx):
    edition = new_edition()
    category = services.add_category(
        edition, actor=None, name="AI Feature", max_runtime_minutes=180, min_runtime_minutes=40
    )
    assert (category.min_runtime_s, category.max_runtime_s) == (40 * 60, 180 * 60)
    refused = refusal(
        lambda: services.update_category(category, actor=None, min_runtime_minutes=200)
    )
    assert refused.field == "min_runtime_minutes"
    services.update_category(category, actor=None, min_runtime_minutes=None)
    assert category.min_runtime_s == 0
