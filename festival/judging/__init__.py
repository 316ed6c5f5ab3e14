"""Judging: screening and jury rounds, weighted rubrics, conflicts of interest, assignments,
reviews and the fair ranking built from them."""
