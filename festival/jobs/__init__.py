"""Background jobs: Huey carries them; their state as users see it lives in our database."""
