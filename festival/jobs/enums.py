from enum import StrEnum

from flask_babel import lazy_gettext as _l


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"

    @property
    def label(self):
        return JOB_STATE_LABELS[self]


JOB_STATE_LABELS = {
    JobState.QUEUED: _l("Waiting"),
    JobState.RUNNING: _l("Running"),
    JobState.SUCCEEDED: _l("Done"),
    JobState.FAILED: _l("Failed"),
}

LIVE_STATES = frozenset({JobState.QUEUED, JobState.RUNNING})
FINISHED_STATES = frozenset({JobState.SUCCEEDED, JobState.FAILED})
