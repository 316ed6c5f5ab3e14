from flask_babel import lazy_gettext as _l

from festival.enums import LabelledEnum


class JobState(LabelledEnum):
    QUEUED = "queued", _l("Waiting")
    RUNNING = "running", _l("Running")
    SUCCEEDED = "succeeded", _l("Done")
    FAILED = "failed", _l("Failed")
    REJECTED = "rejected", _l("Rejected")
    """The handler refused its subject for good (a file that is not a video): not a failure
    of the work, and not a success either."""


LIVE_STATES = frozenset({JobState.QUEUED, JobState.RUNNING})
FINISHED_STATES = frozenset({JobState.SUCCEEDED, JobState.FAILED, JobState.REJECTED})
