import pytest

from festival.disclosure.enums import DigitalSourceType, Element, Extent
from festival.disclosure.iptc import contradictions, digital_source_type

NONE, ASSISTED, PARTLY, MOSTLY, FULLY = Extent


def extents(default=NONE, **answers):
    return {element: answers.get(str(element), default) for element in Element}


def test_a_film_without_ai_is_a_digital_capture():
    assert digital_source_type(extents()) is DigitalSourceType.DIGITAL_CAPTURE


@pytest.mark.parametrize(
    "answers",
    [
        {"editing_colour_upscaling": ASSISTED},
        {"subtitles_translation": ASSISTED},
        {"vfx_compositing": ASSISTED, "editing_colour_upscaling": ASSISTED},
    ],
)
def test_ai_assistance_alone_is_algorithmic_enhancement(answers):
    assert digital_source_type(extents(**answers)) is DigitalSourceType.ALGORITHMICALLY_ENHANCED


@pytest.mark.parametrize(
    "answers",
    [
        {"vfx_compositing": PARTLY},
        {"music_score": FULLY},
        {"voice_dialogue": MOSTLY, "editing_colour_upscaling": ASSISTED},
        {"visual_footage": MOSTLY},
        {"visual_footage": FULLY, "voice_dialogue": PARTLY},
        {"characters_creatures": FULLY},
    ],
)
def test_generated_material_beside_captured_material_is_a_composite(answers):
    assert (
        digital_source_type(extents(**answers))
        is DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA
    )


@pytest.mark.parametrize(
    "answers",
    [
        {"visual_footage": FULLY},
        {"visual_footage": FULLY, "music_score": FULLY, "voice_dialogue": FULLY},
        {"visual_footage": FULLY, "editing_colour_upscaling": ASSISTED},
    ],
)
def test_fully_generated_footage_with_nothing_captured_is_trained_algorithmic_media(answers):
    assert digital_source_type(extents(**answers)) is DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA


def test_script_and_marketing_do_not_change_how_the_films_media_was_made():
    answers = extents(story_script=FULLY, marketing_materials=FULLY)
    assert digital_source_type(answers) is DigitalSourceType.DIGITAL_CAPTURE


def test_an_unanswered_screen_element_leaves_the_type_unknown():
    answers = extents()
    del answers[Element.SOUND_EFFECTS]
    assert digital_source_type(answers) is None
    answers[Element.SOUND_EFFECTS] = None
    assert digital_source_type(answers) is None


def test_an_unanswered_off_screen_element_does_not_matter():
    answers = extents()
    del answers[Element.MARKETING_MATERIALS]
    assert digital_source_type(answers) is DigitalSourceType.DIGITAL_CAPTURE


def test_source_types_carry_their_iptc_uri():
    assert (
        DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA.uri
        == "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
    )
    assert (
        DigitalSourceType.from_uri(
            "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"
        )
        is DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA
    )
    assert (
        DigitalSourceType.from_uri(
            "https://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture/"
        )
        is DigitalSourceType.DIGITAL_CAPTURE
    )
    assert DigitalSourceType.from_uri("algorithmicMedia") is DigitalSourceType.ALGORITHMIC_MEDIA
    assert DigitalSourceType.from_uri("http://c2pa.org/digitalsourcetype/empty") is None


@pytest.mark.parametrize(
    "declared",
    [
        DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA,
        DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA,
    ],
)
def test_a_generative_manifest_contradicts_a_form_without_ai(app_ctx, declared):
    warnings = contradictions({declared}, extents())
    assert len(warnings) == 1
    assert "no picture or sound was generated" in str(warnings[0])


def test_a_generative_manifest_contradicts_a_form_with_only_assistance(app_ctx):
    warnings = contradictions(
        {DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA}, extents(editing_colour_upscaling=ASSISTED)
    )
    assert len(warnings) == 1


def test_an_enhancement_manifest_contradicts_only_a_form_without_any_ai(app_ctx):
    declared = {DigitalSourceType.ALGORITHMICALLY_ENHANCED}
    assert "no AI was used" in str(contradictions(declared, extents())[0])
    assert contradictions(declared, extents(editing_colour_upscaling=ASSISTED)) == []


def test_no_manifest_proves_nothing():
    assert contradictions(set(), extents()) == []
    assert contradictions(set(), extents(visual_footage=FULLY)) == []


def test_a_manifest_that_agrees_with_the_form_is_no_contradiction():
    declared = {DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA}
    assert contradictions(declared, extents(vfx_compositing=PARTLY)) == []


def test_a_form_that_discloses_more_than_its_manifest_is_no_contradiction():
    declared = {DigitalSourceType.DIGITAL_CAPTURE}
    assert contradictions(declared, extents(visual_footage=FULLY)) == []


def test_a_generated_script_does_not_answer_a_generative_manifest(app_ctx):
    declared = {DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA}
    assert len(contradictions(declared, extents(story_script=FULLY))) == 1


def test_an_unfinished_form_is_not_compared():
    answers = extents()
    del answers[Element.VISUAL_FOOTAGE]
    assert contradictions({DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA}, answers) == []


def test_each_contradicting_type_is_named_once(app_ctx):
    declared = {
        DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA,
        DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA,
        DigitalSourceType.ALGORITHMICALLY_ENHANCED,
        DigitalSourceType.DIGITAL_CAPTURE,
    }
    warnings = [str(warning) for warning in contradictions(declared, extents())]
    assert len(warnings) == 3
    assert "Algorithmically enhanced" in warnings[0]
    assert "Trained algorithmic media" in warnings[1]
    assert "Composite with trained algorithmic media" in warnings[2]
