"""People, their roles, signing in and who may reach what."""
