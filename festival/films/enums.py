from enum import StrEnum

from flask_babel import lazy_gettext as _l

from festival.enums import LabelledEnum


class CreditRole(LabelledEnum):
    DIRECTOR = "director", _l("Director")
    WRITER = "writer", _l("Writer")
    PRODUCER = "producer", _l("Producer")
    CAST = "cast", _l("Cast")
    CINEMATOGRAPHER = "cinematographer", _l("Cinematographer")
    EDITOR = "editor", _l("Editor")
    COMPOSER = "composer", _l("Composer")
    SOUND = "sound", _l("Sound")
    AI_DIRECTOR = "ai_director", _l("AI director")
    AI_SUPERVISOR = "ai_supervisor", _l("AI supervisor")
    AI_ARTIST = "ai_artist", _l("AI artist")
    OTHER = "other", _l("Other")


class Genre(LabelledEnum):
    DRAMA = "drama", _l("Drama")
    COMEDY = "comedy", _l("Comedy")
    THRILLER = "thriller", _l("Thriller")
    HORROR = "horror", _l("Horror")
    SCIENCE_FICTION = "science_fiction", _l("Science fiction")
    FANTASY = "fantasy", _l("Fantasy")
    ACTION = "action", _l("Action")
    ANIMATION = "animation", _l("Animation")
    DOCUMENTARY = "documentary", _l("Documentary")
    EXPERIMENTAL = "experimental", _l("Experimental")
    MUSIC_VIDEO = "music_video", _l("Music video")
    ROMANCE = "romance", _l("Romance")
    FAMILY = "family", _l("Family")


class ImageKind(StrEnum):
    POSTER = "poster"
    STILL = "still"
