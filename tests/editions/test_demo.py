from festival.audit.services import events_for
from festival.database import utcnow
from festival.editions.demo import DEMO_SLUG, seed_demo_edition
from festival.editions.schedule import current_deadline, is_open
from festival.editions.waivers import redeem_waiver_code


def test_the_demo_edition_is_open_today_in_korean_won(make_user):
    admin = make_user("admin")
    edition = seed_demo_edition(admin)
    assert edition.slug == DEMO_SLUG
    assert edition.timezone == "Asia/Seoul"
    assert edition.currency == "KRW"
    assert is_open(edition, utcnow())
    assert current_deadline(edition, utcnow()).name == "Early"
    assert [d.fee_cents for d in edition.deadlines] == [30_000, 50_000, 70_000]
    assert {c.name for c in edition.categories} == {"AI Feature", "AI Short", "AI Music Video"}
    assert all(c.min_ai_share_percent for c in edition.categories)
    assert "AI" in edition.disclosure_policy and "생성형" in edition.disclosure_policy
    assert redeem_waiver_code(edition, "demo-waiver").uses_left == 49
    assert events_for(edition)[0].actor_id == admin.id


def test_seeding_twice_changes_nothing(app_ctx):
    first = seed_demo_edition(None)
    events = len(events_for(first))
    assert seed_demo_edition(None) is first
    assert len(events_for(first)) == events
