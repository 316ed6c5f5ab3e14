"""Submissions: a film entered into a category of an edition, and its status workflow."""
