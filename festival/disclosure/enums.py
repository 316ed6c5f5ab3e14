"""The vocabulary of the AI disclosure, each value with a label a first-time filmmaker reads."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Element(StrEnum):
    """A part of the film whose use of AI is disclosed; every one is always answered."""

    STORY_SCRIPT = "story_script"
    VISUAL_FOOTAGE = "visual_footage"
    CHARACTERS_CREATURES = "characters_creatures"
    VFX_COMPOSITING = "vfx_compositing"
    REAL_LIKENESS = "real_likeness"
    VOICE_DIALOGUE = "voice_dialogue"
    MUSIC_SCORE = "music_score"
    SOUND_EFFECTS = "sound_effects"
    EDITING_COLOUR_UPSCALING = "editing_colour_upscaling"
    SUBTITLES_TRANSLATION = "subtitles_translation"
    MARKETING_MATERIALS = "marketing_materials"

    @property
    def label(self):
        return ELEMENT_LABELS[self]

    @property
    def help(self):
        return ELEMENT_HELP[self]


ELEMENT_LABELS = {
    Element.STORY_SCRIPT: _l("Story and script"),
    Element.VISUAL_FOOTAGE: _l("Visual footage and shots"),
    Element.CHARACTERS_CREATURES: _l("Characters and creatures"),
    Element.VFX_COMPOSITING: _l("VFX and compositing"),
    Element.REAL_LIKENESS: _l("Likeness of real people"),
    Element.VOICE_DIALOGUE: _l("Voice and dialogue"),
    Element.MUSIC_SCORE: _l("Music and score"),
    Element.SOUND_EFFECTS: _l("Sound effects"),
    Element.EDITING_COLOUR_UPSCALING: _l("Editing, colour and upscaling"),
    Element.SUBTITLES_TRANSLATION: _l("Subtitles and translation"),
    Element.MARKETING_MATERIALS: _l("Marketing materials"),
}

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


class Extent(StrEnum):
    """How much of an element AI made, in increasing order (compare with `rank`)."""

    NONE = "none"
    ASSISTED = "assisted"
    PARTLY_GENERATED = "partly_generated"
    MOSTLY_GENERATED = "mostly_generated"
    FULLY_GENERATED = "fully_generated"

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
    def label(self):
        return EXTENT_LABELS[self]

    @property
    def meaning(self):
        return EXTENT_MEANINGS[self]


EXTENT_ORDER = tuple(Extent)
GENERATED_EXTENTS = frozenset(
    {Extent.PARTLY_GENERATED, Extent.MOSTLY_GENERATED, Extent.FULLY_GENERATED}
)

EXTENT_LABELS = {
    Extent.NONE: _l("None"),
    Extent.ASSISTED: _l("Assisted"),
    Extent.PARTLY_GENERATED: _l("Partly generated"),
    Extent.MOSTLY_GENERATED: _l("Mostly generated"),
    Extent.FULLY_GENERATED: _l("Fully generated"),
}

EXTENT_MEANINGS = {
    Extent.NONE: _l("No AI was used."),
    Extent.ASSISTED: _l("AI as a tool under human control; people made the material."),
    Extent.PARTLY_GENERATED: _l("AI generated some of the material; people made the rest."),
    Extent.MOSTLY_GENERATED: _l("AI generated most of the material; people made some of it."),
    Extent.FULLY_GENERATED: _l("AI generated all of the material."),
}


class ConsentKind(StrEnum):
    LIKENESS = "likeness"
    VOICE = "voice"

    @property
    def label(self):
        return CONSENT_KIND_LABELS[self]


CONSENT_KIND_LABELS = {
    ConsentKind.LIKENESS: _l("Likeness (face or body)"),
    ConsentKind.VOICE: _l("Voice"),
}

CONSENT_KIND_OF_ELEMENT = {
    Element.REAL_LIKENESS: ConsentKind.LIKENESS,
    Element.VOICE_DIALOGUE: ConsentKind.VOICE,
}


class ConsentBasis(StrEnum):
    """Why the use of a real person's likeness or voice is allowed.

    Only a signed document stands on its own; every other basis needs a statement."""

    SIGNED_DOCUMENT = "signed_document"
    IS_THE_FILMMAKER = "is_the_filmmaker"
    ESTATE_PERMISSION = "estate_permission"
    PUBLIC_DOMAIN_ARCHIVE = "public_domain_archive"
    LICENSED_STOCK = "licensed_stock"
    OTHER = "other"

    @property
    def needs_statement(self) -> bool:
        return self is not ConsentBasis.SIGNED_DOCUMENT

    @property
    def label(self):
        return CONSENT_BASIS_LABELS[self]


CONSENT_BASIS_LABELS = {
    ConsentBasis.SIGNED_DOCUMENT: _l("A signed consent or release"),
    ConsentBasis.IS_THE_FILMMAKER: _l("The person is the filmmaker"),
    ConsentBasis.ESTATE_PERMISSION: _l("Permission from the estate of a person who has died"),
    ConsentBasis.PUBLIC_DOMAIN_ARCHIVE: _l("Public-domain or licensed archive material"),
    ConsentBasis.LICENSED_STOCK: _l("A stock voice or avatar licensed from the tool's maker"),
    ConsentBasis.OTHER: _l("Another reason"),
}


class AudienceNotice(StrEnum):
    """How the audience is told about AI material (as the EU AI Act's Article 50 asks for
    deepfakes)."""

    NONE = "none"
    ON_SCREEN = "on_screen"
    END_CREDITS = "end_credits"
    PROGRAMME_NOTE = "programme_note"

    @property
    def label(self):
        return AUDIENCE_NOTICE_LABELS[self]


AUDIENCE_NOTICE_LABELS = {
    AudienceNotice.NONE: _l("The audience is not told"),
    AudienceNotice.ON_SCREEN: _l("On screen, during the film"),
    AudienceNotice.END_CREDITS: _l("In the end credits"),
    AudienceNotice.PROGRAMME_NOTE: _l("In the programme note"),
}


class Evidence(StrEnum):
    """What a filmmaker can show the jury on request."""

    PROMPTS = "prompts"
    PROJECT_FILES = "project_files"
    SELECTS = "selects"
    STEMS = "stems"

    @property
    def label(self):
        return EVIDENCE_LABELS[self]


EVIDENCE_LABELS = {
    Evidence.PROMPTS: _l("Prompts"),
    Evidence.PROJECT_FILES: _l("Project files"),
    Evidence.SELECTS: _l("Selects and unused generations"),
    Evidence.STEMS: _l("Sound stems"),
}


IPTC_DIGITAL_SOURCE_TYPE_BASE = "http://cv.iptc.org/newscodes/digitalsourcetype/"


class DigitalSourceType(StrEnum):
    """The IPTC NewsCodes "Digital Source Type" vocabulary, valued by its codes.

    See http://cv.iptc.org/newscodes/digitalsourcetype/ ; C2PA manifests declare these URIs."""

    DIGITAL_CAPTURE = "digitalCapture"
    COMPUTATIONAL_CAPTURE = "computationalCapture"
    NEGATIVE_FILM = "negativeFilm"
    POSITIVE_FILM = "positiveFilm"
    PRINT = "print"
    SCREEN_CAPTURE = "screenCapture"
    HUMAN_EDITS = "humanEdits"
    MINOR_HUMAN_EDITS = "minorHumanEdits"
    COMPOSITE_CAPTURE = "compositeCapture"
    ALGORITHMICALLY_ENHANCED = "algorithmicallyEnhanced"
    DATA_DRIVEN_MEDIA = "dataDrivenMedia"
    DIGITAL_CREATION = "digitalCreation"
    VIRTUAL_RECORDING = "virtualRecording"
    COMPOSITE_SYNTHETIC = "compositeSynthetic"
    TRAINED_ALGORITHMIC_MEDIA = "trainedAlgorithmicMedia"
    COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA = "compositeWithTrainedAlgorithmicMedia"
    ALGORITHMIC_MEDIA = "algorithmicMedia"

    @property
    def uri(self) -> str:
        return IPTC_DIGITAL_SOURCE_TYPE_BASE + self.value

    @property
    def label(self):
        return DIGITAL_SOURCE_TYPE_LABELS[self]

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

DIGITAL_SOURCE_TYPE_LABELS = {
    DigitalSourceType.DIGITAL_CAPTURE: _l("Digital capture"),
    DigitalSourceType.COMPUTATIONAL_CAPTURE: _l("Computational capture"),
    DigitalSourceType.NEGATIVE_FILM: _l("Digitised from a negative on film"),
    DigitalSourceType.POSITIVE_FILM: _l("Digitised from a positive on film"),
    DigitalSourceType.PRINT: _l("Digitised from a print"),
    DigitalSourceType.SCREEN_CAPTURE: _l("Screen capture"),
    DigitalSourceType.HUMAN_EDITS: _l("Human-edited media"),
    DigitalSourceType.MINOR_HUMAN_EDITS: _l("Minor human edits"),
    DigitalSourceType.COMPOSITE_CAPTURE: _l("Composite of captured elements"),
    DigitalSourceType.ALGORITHMICALLY_ENHANCED: _l("Algorithmically enhanced"),
    DigitalSourceType.DATA_DRIVEN_MEDIA: _l("Data-driven media"),
    DigitalSourceType.DIGITAL_CREATION: _l("Digital creation"),
    DigitalSourceType.VIRTUAL_RECORDING: _l("Virtual recording"),
    DigitalSourceType.COMPOSITE_SYNTHETIC: _l("Composite including synthetic elements"),
    DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA: _l("Trained algorithmic media (generative AI)"),
    DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA: _l(
        "Composite with trained algorithmic media (generative AI)"
    ),
    DigitalSourceType.ALGORITHMIC_MEDIA: _l("Pure algorithmic media"),
}
