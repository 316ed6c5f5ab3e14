"""The programmers' desk: every entry of an edition in one list (filters, full-text search,
saved views, bulk actions), decisions and their release to filmmakers, the FilmFreeway import,
exports and the edition dashboard; later the lineups and the published programme.

It sits above judging (it reads screening ratings and jury scores) and below the wiring.
CONTRIBUTING.md lists the one way each recurring thing is done."""
