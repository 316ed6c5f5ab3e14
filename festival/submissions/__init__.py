"""Submissions: a film entered into a category of an edition, and its status workflow.

`workflow.py` is the model state machine; `facts.py` gathers a film's facts once and
`eligibility.py` runs pure checks on them.
CONTRIBUTING.md lists the one way each recurring thing is done."""
