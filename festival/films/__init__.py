"""Film entries: what a filmmaker makes once and submits to any number of calls."""
