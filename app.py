"""WSGI entry point: `gunicorn app:app`, and the app `flask` finds by default."""

from festival import create_app

app = create_app()
