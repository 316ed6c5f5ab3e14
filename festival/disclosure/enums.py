"""The vocabulary of the AI disclosure, each value with a label a first-time filmmaker reads."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from festival.enums import LabelledEnum


class Element(LabelledEnum):
    """A part of the film whose use of AI is disclosed; every one is always answered."""

    STORY_SCRIPT = "story_script", _l("Story and script")
    VISUAL_FOOTAGE = "visual_footage", _l("Visual footage and shots")
    CHARACTERS_CREATURES = "characters_creatures", _l("Characters and creatures")
    VFX_COMPOSITING = "vfx_compositing", _l("VFX and compositing")
    REAL_LIKENESS = "real_likeness", _l("Likeness of real people")
    VOICE_DIALOGUE = "voice_dialogue", _l("Voice and dialogue")
    MUSIC_SCORE = "music_score", _l("Music and score")
    SOUND_EFFECTS = "sound_effects", _l("Sound effects")
    EDITING_COLOUR_UPSCALING = "editing_colour_upscaling", _l("Editing, colour and upscaling")
    SUBTITLES_TRANSLATION = "subtitles_translation", _l("Subtitles and translation")
    MARKETING_MATERIALS = "marketing_materials", _l("Marketing materials")

    @property
    def help(self):
        return ELEMENT_HELP[self]


ELEMENT_HELP = {
    Element.STORY_SCRIPT: _l("The idea, treatment, screenplay and written dialogue."),
    Element.VISUAL_FOOTAGE: _l(
        "Shots made with a video or image generator instead of, or beside, a camera."
    ),
    Element.CHARACTERS_CREATURES: _l(
        "People, animals or creatures on screen that AI created or animated."
    ),
    Element.VFX_COMPOSITING: _l(
        "Explosions, crowds, environments, set extensions, removing things from a shot."
    ),
    Element.REAL_LIKENESS: _l(
        "The face or body of a real person: face swaps, de-ageing, digital replicas."
    ),
    Element.VOICE_DIALOGUE: _l(
        "Speech synthesis, voice cloning, lip-sync, dubbing with another voice."
    ),
    Element.MUSIC_SCORE: _l("Songs, score or background music."),
    Element.SOUND_EFFECTS: _l("Ambience, foley and sound effects."),
    Element.EDITING_COLOUR_UPSCALING: _l(
        "Cutting, colour grading, upscaling, frame interpolation, noise removal."
    ),
    Element.SUBTITLES_TRANSLATION: _l("Transcription, subtitles and their translation."),
    Element.MARKETING_MATERIALS: _l("Poster, stills, trailer and press kit."),
}

OFF_SCREEN_ELEMENTS = frozenset({Element.STORY_SCRIPT, Element.MARKETING_MATERIALS})
"""Elements that are not picture or sound of the film itself: a generated screenplay or poster
does not change how the film's media was made."""

SCREEN_ELEMENTS = tuple(element for element in Element if element not in OFF_SCREEN_ELEMENTS)
"""Elements seen or heard in the film; they decide its IPTC digital source type."""

CONSENT_ELEMENTS = frozenset({Element.REAL_LIKENESS, Element.VOICE_DIALOGUE})
"""Elements that, above "none", need the consent of each real person concerned."""


class Extent(LabelledEnum):
    """How much of an element AI made, in increasing order (compare with `rank`)."""

    NONE = "none", _l("None")
    ASSISTED = "assisted", _l("Assisted")
    PARTLY_GENERATED = "partly_generated", _l("Partly generated")
    MOSTLY_GENERATED = "mostly_generated", _l("Mostly generated")
    FULLY_GENERATED = "fully_generated", _l("Fully generated")

    @property
    def rank(self) -> int:
        return EXTENT_ORDER.index(self)

    @property
    def is_used(self) -> bool:
        """Whether AI played any part: anything above "none"."""
        return self is not Extent.NONE

    @property
    def is_generated(self) -> bool:
        """Whether AI made material, rather than only helping people make it."""
        return self in GENERATED_EXTENTS

    @property
    def meaning(self):
        return EXTENT_MEANINGS[self]


EXTENT_ORDER = tuple(Extent)
GENERATED_EXTENTS = frozenset(
    {Extent.PARTLY_GENERATED, Extent.MOSTLY_GENERATED, Extent.FULLY_GENERATED}
)

EXTENT_MEANINGS = {
    Extent.NONE: _l("No AI was used."),
    Extent.ASSISTED: _l("AI as a tool under human control; people made the material."),
    Extent.PARTLY_GENERATED: _l("AI generated some of the material; people made the rest."),
    Extent.MOSTLY_GENERATED: _l("AI generated most of the material; people made some of it."),
    Extent.FULLY_GENERATED: _l("AI generated all of the material."),
}


class ConsentKind(LabelledEnum):
    LIKENESS = "likeness", _l("Likeness (face or body)")
    VOICE = "voice", _l("Voice")


CONSENT_KIND_OF_ELEMENT = {
    Element.REAL_LIKENESS: ConsentKind.LIKENESS,
    Element.VOICE_DIALOGUE: ConsentKind.VOICE,
}


class ConsentBasis(LabelledEnum):
    """Why the use of a real person's likeness or voice is allowed.

    Only a signed document stands on its own; every other basis needs a statement."""

    SIGNED_DOCUMENT = "signed_document", _l("A signed consent or release")
    IS_THE_FILMMAKER = "is_the_filmmaker", _l("The person is the filmmaker")
    ESTATE_PERMISSION = (
        "estate_permission",
        _l("Permission from the estate of a person who has died"),
    )
    PUBLIC_DOMAIN_ARCHIVE = (
        "public_domain_archive",
        _l("Public-domain or licensed archive material"),
    )
    LICENSED_STOCK = "licensed_stock", _l("A stock voice or avatar licensed from the tool's maker")
    OTHER = "other", _l("Another reason")

    @property
    def needs_statement(self) -> bool:
        return self is not ConsentBasis.SIGNED_DOCUMENT


class AudienceNotice(LabelledEnum):
    """How the audience is told about AI material (as the EU AI Act's Article 50 asks for
    deepfakes)."""

    NONE = "none", _l("The audience is not told")
    ON_SCREEN = "on_screen", _l("On screen, during the film")
    END_CREDITS = "end_credits", _l("In the end credits")
    PROGRAMME_NOTE = "programme_note", _l("In the programme note")


class Evidence(LabelledEnum):
    """What a filmmaker can show the jury on request."""

    PROMPTS = "prompts", _l("Prompts")
    PROJECT_FILES = "project_files", _l("Project files")
    SELECTS = "selects", _l("Selects and unused generations")
    STEMS = "stems", _l("Sound stems")


IPTC_DIGITAL_SOURCE_TYPE_BASE = "http://cv.iptc.org/newscodes/digitalsourcetype/"


class DigitalSourceType(LabelledEnum):
    """The IPTC NewsCodes "Digital Source Type" vocabulary, valued by its codes.

    See http://cv.iptc.org/newscodes/digitalsourcetype/ ; C2PA manifests declare these URIs."""

    DIGITAL_CAPTURE = "digitalCapture", _l("Digital capture")
    COMPUTATIONAL_CAPTURE = "computationalCapture", _l("Computational capture")
    NEGATIVE_FILM = "negativeFilm", _l("Digitised from a negative on film")
    POSITIVE_FILM = "positiveFilm", _l("Digitised from a positive on film")
    PRINT = "print", _l("Digitised from a print")
    SCREEN_CAPTURE = "screenCapture", _l("Screen capture")
    HUMAN_EDITS = "humanEdits", _l("Human-edited media")
    MINOR_HUMAN_EDITS = "minorHumanEdits", _l("Minor human edits")
    COMPOSITE_CAPTURE = "compositeCapture", _l("Composite of captured elements")
    ALGORITHMICALLY_ENHANCED = "algorithmicallyEnhanced", _l("Algorithmically enhanced")
    DATA_DRIVEN_MEDIA = "dataDrivenMedia", _l("Data-driven media")
    DIGITAL_CREATION = "digitalCreation", _l("Digital creation")
    VIRTUAL_RECORDING = "virtualRecording", _l("Virtual recording")
    COMPOSITE_SYNTHETIC = "compositeSynthetic", _l("Composite including synthetic elements")
    TRAINED_ALGORITHMIC_MEDIA = (
        "trainedAlgorithmicMedia",
        _l("Trained algorithmic media (generative AI)"),
    )
    COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA = (
        "compositeWithTrainedAlgorithmicMedia",
        _l("Composite with trained algorithmic media (generative AI)"),
    )
    ALGORITHMIC_MEDIA = "algorithmicMedia", _l("Pure algorithmic media")

    @property
    def uri(self) -> str:
        return IPTC_DIGITAL_SOURCE_TYPE_BASE + self.value

    @classmethod
    def from_uri(cls, uri: str) -> DigitalSourceType | None:
        """The type named by an IPTC URI (http or https) or a bare code; None when unknown."""
        code = uri.strip().rstrip("/")
        for prefix in (
            IPTC_DIGITAL_SOURCE_TYPE_BASE,
            "https://cv.iptc.org/newscodes/digitalsourcetype/",
        ):
            code = code.removeprefix(prefix)
        try:
            return cls(code)
        except ValueError:
            return None


GENERATIVE_SOURCE_TYPES = frozenset(
    {
        DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA,
        DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA,
    }
)
"""Types saying that a generative AI model made some or all of the content."""
