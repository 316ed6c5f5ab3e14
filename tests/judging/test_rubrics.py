"""Rubrics: weights as shares of 100, the templates, copying a round's rubric, and the
changes `set_rubric` refuses once scores exist."""

from __future__ import annotations

import pytest

from festival.extensions import db
from festival.judging import rounds, rubrics
from festival.judging.models import Score
from festival.judging.rubrics import CriterionDraft
from festival.refusals import Refusal
from tests import factories


def drafts_of(round_, **changes) -> list[CriterionDraft]:
    """The round's rubric as drafts keeping their ids, with `changes` by criterion name."""
    drafts = []
    for c in round_.criteria:
        fields = {
            "name": c.name,
            "weight": c.weight,
            "scale_min": c.scale_min,
            "scale_max": c.scale_max,
            "description": c.description,
            "id": c.id,
        }
        fields.update(changes.get(c.name, {}))
        drafts.append(CriterionDraft(**fields))
    return drafts


# --- weights --------------------------------------------------------------------------------


def test_weights_are_scaled_to_add_up_to_100():
    assert rubrics.normalised_weights([30, 60]) == [33.3, 66.7]
    assert rubrics.normalised_weights([3, 1]) == [75.0, 25.0]
    assert rubrics.normalised_weights([60, 40]) == [60.0, 40.0]


def test_weights_that_add_up_to_100_are_not_reported_as_scaled():
    assert rubrics.weights_were_scaled([30, 60])
    assert rubrics.weights_were_scaled([1, 1, 1])
    assert not rubrics.weights_were_scaled([30, 70])
    assert not rubrics.weights_were_scaled([])


def test_all_zero_weights_become_equal_shares():
    assert rubrics.normalised_weights([0, 0, 0, 0]) == [25.0, 25.0, 25.0, 25.0]
    assert rubrics.normalised_weights([]) == []


def test_a_round_stores_its_weights_as_shares_of_100(app_ctx):
    round_ = factories.make_round(
        criteria=[CriterionDraft("Story", 1, 1, 10), CriterionDraft("Craft", 3, 1, 10)]
    )

    assert [(c.name, c.weight) for c in round_.criteria] == [("Story", 25.0), ("Craft", 75.0)]


# --- templates and copies -------------------------------------------------------------------


def test_the_jury_template_has_five_weighted_criteria():
    drafts = rubrics.template_criteria("ai-film-jury")

    assert [d.name for d in drafts] == [
        "Story",
        "Visual craft",
        "Creative use of AI",
        "Sound",
        "Transparency of disclosure",
    ]
    assert sum(d.weight for d in drafts) == 100
    assert {(d.scale_min, d.scale_max) for d in drafts} == {(1, 10)}
    assert all(d.description for d in drafts)


def test_every_template_makes_a_valid_rubric(app_ctx):
    for key in rubrics.TEMPLATES:
        round_ = factories.make_round(criteria=rubrics.template_criteria(key))

        assert round_.criteria
        assert sum(c.weight for c in round_.criteria) == pytest.approx(100)


def test_the_yes_maybe_no_template_labels_each_value(app_ctx):
    round_ = factories.make_round(
        stage="screening", criteria=rubrics.template_criteria("screening-yes-maybe-no")
    )

    (recommend,) = round_.criteria
    assert (recommend.scale_min, recommend.scale_max) == (0, 2)
    assert [recommend.label_of(v) for v in recommend.values] == ["No", "Maybe", "Yes"]


def test_an_unknown_template_is_refused():
    with pytest.raises(Refusal):
        rubrics.template_criteria("no-such-rubric")


def test_copying_a_rubric_gives_a_new_round_the_same_criteria(app_ctx):
    source = factories.make_round(
        criteria=[
            CriterionDraft("Story", 70, 1, 10, "Narrative."),
            CriterionDraft("Verdict", 30, 0, 2, "Go further?", ("No", "Maybe", "Yes")),
        ]
    )

    copy = factories.make_round(source.edition, criteria=rubrics.copy_of(source))

    def shape(round_):
        return [
            (c.name, c.weight, c.scale_min, c.scale_max, c.description, c.labels)
            for c in round_.criteria
        ]

    assert shape(copy) == shape(source)
    assert not {c.id for c in copy.criteria} & {c.id for c in source.criteria}
    rounds.set_rubric(copy, [CriterionDraft("Only", 100, 1, 5)], actor=None)
    assert [c.name for c in source.criteria] == ["Story", "Verdict"]


# --- changing a rubric ----------------------------------------------------------------------


@pytest.fixture
def scored_round(jury, jury_round):
    """The jury round with one draft review scoring Story only."""
    entry = jury_round.entries[0]
    assignment = factories.make_assignment(jury_round, entry, jury.jurors[0])
    story = jury_round.criteria[0]
    factories.make_review(assignment, {story.id: 8}, submit=False)
    return jury_round


def test_a_scored_criterion_cannot_be_removed(scored_round):
    story = scored_round.criteria[0]

    with (
        pytest.raises(Refusal, match="“Story” already has scores and cannot be removed"),
        db.session.begin_nested(),
    ):
        rounds.set_rubric(scored_round, drafts_of(scored_round)[1:], actor=None)

    assert [c.name for c in scored_round.criteria] == ["Story", "Craft"]
    assert db.session.scalar(db.select(Score.value).where(Score.criterion_id == story.id)) == 8


def test_a_scored_criterion_cannot_change_its_scale(scored_round):
    story = scored_round.criteria[0]

    with pytest.raises(Refusal, match="its scale cannot change"), db.session.begin_nested():
        rounds.set_rubric(
            scored_round,
            drafts_of(scored_round, Story={"scale_min": 0, "scale_max": 5}),
            actor=None,
        )

    db.session.refresh(story)
    assert (story.scale_min, story.scale_max) == (1, 10)


def test_a_scored_criterion_may_be_renamed_and_reweighted(scored_round):
    story_id = scored_round.criteria[0].id

    rounds.set_rubric(
        scored_round,
        drafts_of(scored_round, Story={"name": "Narrative", "weight": 20}, Craft={"weight": 80}),
        actor=None,
    )

    story = scored_round.criteria[0]
    assert (story.id, story.name, story.weight) == (story_id, "Narrative", 20.0)


def test_an_unscored_criterion_may_be_removed(scored_round):
    rounds.set_rubric(scored_round, drafts_of(scored_round)[:1], actor=None)

    assert [(c.name, c.weight) for c in scored_round.criteria] == [("Story", 100.0)]


def test_a_rubric_with_two_criteria_of_one_name_is_refused(app_ctx):
    round_ = factories.make_round()

    with pytest.raises(Refusal, match="its own name"):
        rounds.set_rubric(
            round_, [CriterionDraft("Story", 50), CriterionDraft("story", 50)], actor=None
        )


def test_an_empty_rubric_is_refused(app_ctx):
    round_ = factories.make_round()

    with pytest.raises(Refusal, match="at least one criterion"):
        rounds.set_rubric(round_, [], actor=None)
    assert len(round_.criteria) == 2


def test_a_rubric_of_more_than_twelve_criteria_is_refused(app_ctx):
    round_ = factories.make_round()

    with pytest.raises(Refusal, match="at most 12"):
        rounds.set_rubric(round_, [CriterionDraft(f"C{n}", 1) for n in range(13)], actor=None)


def test_an_empty_rubric_refuses_to_create_a_round(app_ctx):
    template = factories.make_round()
    settings = rounds.settings_of(template)
    settings.name = "Without a rubric"

    with pytest.raises(Refusal, match="at least one criterion"):
        rounds.create_round(template.edition, settings, [], actor=None)
