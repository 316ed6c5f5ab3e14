"""Festival editions (calls for entries): categories, deadlines and fees, waivers, rules.

`views.py` shows the row editor table (`RowKind`) and the view boundary (`transactions.commit`).
CONTRIBUTING.md lists the one way each recurring thing is done."""
