from enum import StrEnum

from flask_babel import lazy_gettext as _l


class CreditRole(StrEnum):
    DIRECTOR = "director"
    WRITER = "writer"
    PRODUCER = "producer"
    CAST = "cast"
    CINEMATOGRAPHER = "cinematographer"
    EDITOR = "editor"
    COMPOSER = "composer"
    SOUND = "sound"
    AI_DIRECTOR = "ai_director"
    AI_SUPERVISOR = "ai_supervisor"
    AI_ARTIST = "ai_artist"
    OTHER = "other"

    @property
    def label(self):
        return CREDIT_ROLE_LABELS[self]


CREDIT_ROLE_LABELS = {
    CreditRole.DIRECTOR: _l("Director"),
    CreditRole.WRITER: _l("Writer"),
    CreditRole.PRODUCER: _l("Producer"),
    CreditRole.CAST: _l("Cast"),
    CreditRole.CINEMATOGRAPHER: _l("Cinematographer"),
    CreditRole.EDITOR: _l("Editor"),
    CreditRole.COMPOSER: _l("Composer"),
    CreditRole.SOUND: _l("Sound"),
    CreditRole.AI_DIRECTOR: _l("AI director"),
    CreditRole.AI_SUPERVISOR: _l("AI supervisor"),
    CreditRole.AI_ARTIST: _l("AI artist"),
    CreditRole.OTHER: _l("Other"),
}


class Genre(StrEnum):
    DRAMA = "drama"
    COMEDY = "comedy"
    THRILLER = "thriller"
    HORROR = "horror"
    SCIENCE_FICTION = "science_fiction"
    FANTASY = "fantasy"
    ACTION = "action"
    ANIMATION = "animation"
    DOCUMENTARY = "documentary"
    EXPERIMENTAL = "experimental"
    MUSIC_VIDEO = "music_video"
    ROMANCE = "romance"
    FAMILY = "family"

    @property
    def label(self):
        return GENRE_LABELS[self]


GENRE_LABELS = {
    Genre.DRAMA: _l("Drama"),
    Genre.COMEDY: _l("Comedy"),
    Genre.THRILLER: _l("Thriller"),
    Genre.HORROR: _l("Horror"),
    Genre.SCIENCE_FICTION: _l("Science fiction"),
    Genre.FANTASY: _l("Fantasy"),
    Genre.ACTION: _l("Action"),
    Genre.ANIMATION: _l("Animation"),
    Genre.DOCUMENTARY: _l("Documentary"),
    Genre.EXPERIMENTAL: _l("Experimental"),
    Genre.MUSIC_VIDEO: _l("Music video"),
    Genre.ROMANCE: _l("Romance"),
    Genre.FAMILY: _l("Family"),
}


class ImageKind(StrEnum):
    POSTER = "poster"
    STILL = "still"
