"""Judging: screening and jury rounds, weighted rubrics, conflicts of interest, assignments,
reviews and the fair ranking built from them.

`rules.py` answers who may score (`score_lock`) and who reads a blind film's names
(`sees_identities`); `aggregation.py` is the model of pure maths.
CONTRIBUTING.md lists the one way each recurring thing is done."""
