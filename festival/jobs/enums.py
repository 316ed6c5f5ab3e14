from flask_babel import lazy_gettext as _l

from festival.enums import LabelledEnum


class JobState(LabelledEnum):
    QUEUED = "queued", _l("Waiting")
    RUNNING = "running", _l("Running")
    SUCCEEDED = "succeeded", _l("Done")
    FAILED = "failed", _l("Failed")


LIVE_STATES = frozenset({JobState.QUEUED, JobState.RUNNING})
FINISHED_STATES = frozenset({JobState.SUCCEEDED, JobState.FAILED})
