"""Film entries: what a filmmaker makes once and submits to any number of calls.

The owner and owner-or-staff predicates live once in `rules.py`; every page loads a film
through `loaders.get_film(film_id, rule)`.
CONTRIBUTING.md lists the one way each recurring thing is done."""
