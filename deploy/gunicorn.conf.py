"""Gunicorn settings for one web process of the production layout (README, "Running in
production"): `gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:8001 app:app`.

Run several such gunicorns on different ports (systemd's `festival-web@8001`, `@8002`, ...)
behind nginx's `upstream festival_web` (deploy/nginx/festival.conf). Each runs two worker
processes of four threads by default. Threads for what waits (a tus PATCH streaming a chunk, a
media request): a thread is far lighter than a process. Processes for what computes (rendering
a page, ranking): Python runs one thread of a process at a time, so the threads of one process
share one core; with one process a gunicorn, the load test's pages (bench/load.py) queued
behind each other (p95 260 ms, 87 requests a second at most on 2 cores) where two give
p95 120 ms and 110 a second. The environment may change:

    FESTIVAL_BIND        the address when no --bind is given (default 127.0.0.1:8001)
    WEB_CONCURRENCY      worker processes in this gunicorn (default 2)
    GUNICORN_THREADS     threads per worker (default 4)
"""

import os

bind = os.environ.get("FESTIVAL_BIND", "127.0.0.1:8001")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A tus PATCH streams one chunk (tens of MB) through nginx without buffering; the worker's
# heartbeat is not tied to a request, so `timeout` bounds a stuck worker, not a slow upload.
timeout = 60
graceful_timeout = 30
keepalive = 75  # longer than nginx's upstream keepalive_timeout (60 s), so nginx closes first

# Only nginx on this machine talks to gunicorn; the app trusts its X-Forwarded-* headers
# itself (BEHIND_PROXY=1, one hop), so gunicorn passes them through untouched.
forwarded_allow_ips = "127.0.0.1,::1"

# Several gunicorns on one machine would share the default control socket path.
control_socket_disable = True

# The access log goes to stderr (the journal under systemd, the container log under compose).
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%({x-request-id}i)s"'
