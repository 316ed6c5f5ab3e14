"""WSGI entry point: `gunicorn app:app`, and the app `flask` finds by default."""

import gc

from festival import create_app

app = create_app()

# The app's long-lived objects (routes, models' metadata, translations) leave the cyclic
# collector's generations, so a full collection during a request walks only what the request
# made: a programme page builds thousands of ORM objects, and without this one request in a
# few paid for a walk of the whole heap (its p95 four times its median).
gc.collect()
gc.freeze()
