import json

import pytest

from festival.accounts.enums import Role
from festival.accounts.models import User
from festival.accounts.services import find_by_email
from festival.demo import ACCOUNTS as DEMO_ACCOUNTS
from festival.demo import PASSWORD as DEMO_PASSWORD
from festival.extensions import db

PASSPHRASE = "a long passphrase"


def create_user(runner, email, *roles, password=PASSPHRASE, name="Ada", **kwargs):
    args = ["festival", "create-user", "--email", email, "--name", name]
    for role in roles:
        args += ["--role", role]
    if password is not None:
        args += ["--password", password]
    return runner.invoke(args=args, **kwargs)


def test_create_user_with_roles_and_a_password(app_ctx, runner):
    result = create_user(runner, "Ada@Example.org", "programmer", "juror")
    assert result.exit_code == 0, result.output
    user = find_by_email("ada@example.org")
    assert user.roles == {Role.PROGRAMMER, Role.JUROR}
    assert "Created ada@example.org" in result.output


def test_create_user_prompts_for_a_missing_password(app_ctx, runner):
    result = create_user(
        runner, "bo@example.org", "admin", password=None, input=f"{PASSPHRASE}\n{PASSPHRASE}\n"
    )
    assert result.exit_code == 0, result.output
    assert find_by_email("bo@example.org").has_password


def test_create_user_refuses_a_taken_email(app_ctx, runner, make_user):
    user = make_user()
    result = create_user(runner, user.email, "juror")
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_create_user_refuses_a_short_password(app_ctx, runner):
    result = create_user(runner, "c@example.org", "juror", password="short")
    assert result.exit_code == 1
    assert find_by_email("c@example.org") is None


@pytest.mark.committing
def test_seed_demo_creates_an_account_for_every_role_once(app_ctx, runner, auth):
    first = runner.invoke(args=["festival", "seed-demo"])
    assert first.exit_code == 0, first.output
    count = db.session.scalar(db.select(db.func.count()).select_from(User))
    second = runner.invoke(args=["festival", "seed-demo"])
    assert second.exit_code == 0, second.output
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == count
    assert DEMO_PASSWORD in second.output
    for email, _name, roles in DEMO_ACCOUNTS:
        assert email in second.output
        assert find_by_email(email).roles == roles
    assert find_by_email("programmer-juror@example.org").roles == {Role.PROGRAMMER, Role.JUROR}
    assert auth.login("juror@example.org", DEMO_PASSWORD).status_code == 302


def test_check_reports_database_queue_and_ffmpeg_as_json(app_ctx, runner):
    result = runner.invoke(args=["festival", "check"])
    report = json.loads(result.output)
    assert set(report) == {"database", "queue", "ffmpeg", "media"}
    assert report["database"]["ok"] and report["queue"]["ok"] and report["media"]["ok"]
    assert result.exit_code == (0 if report["ffmpeg"]["ok"] else 1)


def test_healthz_reports_the_queue_backend(client):
    queue = client.get("/healthz").get_json()["queue"]
    assert queue["ok"] is True
    assert queue["backend"] in {"SqliteStorage", "RedisStorage"}
    assert {"pending", "scheduled", "worker_seen_s_ago"} <= set(queue)


def test_refresh_derived_rebuilds_the_desk_rows_and_the_round_figures(app_ctx, runner):
    from festival.judging.models import ProgressRound, Round
    from festival.programming.models import DeskRow
    from festival.submissions.models import Submission
    from tests.test_route_access import build_world

    build_world()
    db.session.commit()
    db.session.execute(db.delete(DeskRow))
    db.session.execute(db.delete(ProgressRound))

    result = runner.invoke(args=["festival", "refresh-derived"])

    assert result.exit_code == 0, result.output
    count = db.func.count
    entries = db.session.scalar(db.select(count(Submission.id)))
    rounds = db.session.scalar(db.select(count(Round.id)))
    assert entries > 0 and rounds > 0
    assert db.session.scalar(db.select(count(DeskRow.submission_id))) == entries
    assert db.session.scalar(db.select(count(ProgressRound.round_id))) == rounds
    assert f"{entries} entries" in result.output
