"""Fixtures as in flaskr: an app with a temporary instance folder, a client, a runner,
an `auth` helper, a per-test transaction rolled back at the end, and small factories.

The database is SQLite in a temporary folder, or PostgreSQL when `TEST_DATABASE_URL` is set;
the queue is Huey on SQLite, or on Redis when `TEST_REDIS_URL` is set."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSession

from festival import create_app
from festival.accounts.enums import Role
from festival.extensions import db, limiter
from festival.jobs.queue import configure_queue, huey
from festival.jobs.worker import create_consumer
from tests import factories


class BoundSession(FlaskSession):
    """A session that uses the test's connection (and so its outer transaction)."""

    def get_bind(self, *args, **kwargs):
        return self.bind if self.bind is not None else super().get_bind(*args, **kwargs)


class FreshContextClient(FlaskClient):
    """Runs each request in its own app context, as a server does.

    Tests hold an app context for their factories; without this, requests would share its
    `g` (and Flask-Login's cached user) with each other."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def settings_for_tests(instance_path) -> dict:
    settings = {
        "TESTING": True,
        "INSTANCE_PATH": str(instance_path),
        "SECRET_KEY": "test-secret-key",
        "WTF_CSRF_ENABLED": False,
        "AUTO_UPGRADE_DATABASE": False,
        "PASSWORD_HASH_PROFILE": "cheapest",
        "SITE_URL": "http://festival.test",
        "DEMO_SCREENER_SECONDS": 4,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance_path / 'test.db'}",
        "HUEY_SQLITE_PATH": str(instance_path / "queue.db"),
        "MEDIA_ROOT": str(instance_path / "media"),
        "REDIS_URL": os.environ.get("TEST_REDIS_URL") or None,
    }
    if os.environ.get("TEST_DATABASE_URL"):
        from festival.config import normalise_database_url

        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
            os.environ["TEST_DATABASE_URL"]
        )
    return settings


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    instance_path = tmp_path_factory.mktemp("instance")
    app = create_app(settings_for_tests(instance_path))
    app.test_client_class = FreshContextClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _rolled_back_transaction(request, app):
    """Run each test inside one transaction that is rolled back, so tests never see each other.

    Tests marked `committing` use the real session and get every table emptied afterwards."""
    if request.node.get_closest_marker("committing"):
        yield
        with app.app_context():
            db.session.remove()
            with db.engine.begin() as connection:
                for table in reversed(db.metadata.sorted_tables):
                    connection.execute(table.delete())
        return
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        if connection.dialect.name == "sqlite":
            # SQLite's driver would begin only at the first write, after the session's
            # SAVEPOINT, whose release would then commit for real (see transactions.savepoint).
            connection.exec_driver_sql("BEGIN")
        original_session = db.session
        db.session = db._make_scoped_session(
            {
                "class_": BoundSession,
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
            }
        )
        try:
            yield
        finally:
            db.session.remove()
            db.session = original_session
            transaction.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def _fresh_limits_and_queue(app):
    limiter.reset()
    huey.flush()
    yield


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, user_or_email, password: str = factories.PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


def sign_in(client, user):
    """Sign `user` in on `client` without the login form (no password check: fast). Tests of
    signing in itself use `auth.login`; every other test signs in with this. The token is
    read afresh: logging out or signing out elsewhere replaces it."""
    db.session.refresh(user)
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        session["_fresh"] = True
    return client


@pytest.fixture
def make_user(app_ctx):
    return factories.make_user


@pytest.fixture
def make_edition(app_ctx):
    return factories.make_edition


@pytest.fixture
def filmmaker(make_user, auth):
    """A filmmaker, logged in on `client`."""
    user = make_user(Role.FILMMAKER)
    auth.login(user)
    return user


@pytest.fixture
def programmer(make_user, auth):
    """A programmer, logged in on `client`."""
    user = make_user(Role.PROGRAMMER)
    auth.login(user)
    return user


@pytest.fixture
def start_worker(app):
    """Start a real Huey consumer (worker threads and the periodic scheduler) running jobs in
    this app; stopped at the end of the test. Jobs commit, so mark such tests `committing`."""
    consumers = []
    saved_handlers = {
        signum: signal.getsignal(signum)
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }

    def start(workers: int = 2):
        configure_queue(app)
        consumer = create_consumer(app, workers=workers, initial_delay=0.05, max_delay=0.2)
        consumer.start()
        consumers.append(consumer)
        return consumer

    yield start
    for consumer in consumers:
        consumer.stop(graceful=True)
    for signum, handler in saved_handlers.items():
        signal.signal(signum, handler)


WORKER_HEARTBEAT_TIMEOUT_S = 2
REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture
def worker_process(app, tmp_path):
    """Start `flask --app app festival worker` on this test's database and queue."""
    settings = {
        "SECRET_KEY": "test-secret-key",
        "AUTO_UPGRADE_DATABASE": False,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "HUEY_SQLITE_PATH": app.config["HUEY_SQLITE_PATH"],
        "MEDIA_ROOT": app.config["MEDIA_ROOT"],
        "REDIS_URL": app.config["REDIS_URL"],
        "JOB_TASK_MODULES": ("tests.jobs.handlers",),
        "JOB_HEARTBEAT_TIMEOUT_S": WORKER_HEARTBEAT_TIMEOUT_S,
    }
    (tmp_path / "config.py").write_text(
        "".join(f"{name} = {value!r}\n" for name, value in settings.items())
    )
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "SMTP_URL", "SECRET_KEY"}
    }
    environment["FESTIVAL_INSTANCE_PATH"] = str(tmp_path)
    processes = []

    def start() -> subprocess.Popen:
        log = open(tmp_path / f"worker-{len(processes)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "festival", "worker", "--workers", "1"],
            cwd=REPOSITORY,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append((process, log))
        return process

    yield start
    for process, log in processes:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()
