"""The AI film festival platform: `create_app` builds the Flask application.

Every domain, hook and task module is wired here, in the lists below; CONTRIBUTING.md at the
repository root maps the packages, their layers and the one way each recurring thing is done."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from festival import config, routing, text
from festival.catalogues import compile_stale_catalogues
from festival.extensions import babel, csrf, db, limiter, login_manager, migrate
from festival.schema import include_name, upgrade_database

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = REPOSITORY_ROOT / "festival" / "translations"


def create_app(test_config: dict | None = None) -> Flask:
    instance_path = os.environ.get("FESTIVAL_INSTANCE_PATH") or (test_config or {}).get(
        "INSTANCE_PATH"
    )
    app = Flask(
        __name__,
        instance_path=str(instance_path or REPOSITORY_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(REPOSITORY_ROOT / "templates"),
        static_folder=str(REPOSITORY_ROOT / "static"),
    )
    load_settings(app, test_config)
    if app.config["BEHIND_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    init_extensions(app)
    routing.register(app)
    register_blueprints(app)
    register_bench_hello(app)
    if app.config["AUTO_UPGRADE_DATABASE"]:
        upgrade_database(app)
    return app


def load_settings(app: Flask, test_config: dict | None) -> None:
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.default_settings(instance))
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_mapping(config.environment_settings(os.environ))
    if test_config:
        app.config.from_mapping(test_config)
    app.config["JOB_TASK_MODULES"] = (*TASK_MODULES, *app.config["JOB_TASK_MODULES"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.instance_secret_key(instance)


DOMAIN_MODELS = (
    "festival.accounts.models",
    "festival.audit.models",
    "festival.notifications.models",
    "festival.editions.models",
    "festival.jobs.models",
    "festival.films.models",
    "festival.disclosure.models",
    "festival.submissions.models",
    "festival.media.models",
    "festival.judging.models",
    "festival.programming.models",
    "festival.api.tokens.models",
)

TASK_MODULES = (
    # Job handlers, registered with `jobs.registry.job_handler`; the worker imports these:
    "festival.jobs.tasks",
    "festival.media.tasks",
    "festival.notifications.tasks",
    "festival.programming.tasks",
)

CROSS_DOMAIN_HOOKS = (
    # A domain above tells one below what it needs to know, so nothing imports upwards:
    "festival.submissions.locks",  # disclosure: locked once a call it is entered in closes
    "festival.submissions.screener_requirements",  # media: the entered editions' QC rules
    "festival.media.credentials",  # disclosure: C2PA credentials of the film's screener
    "festival.judging.screener_access",  # media: reviewers watch the version their round judges
    "festival.programming.desk_rows",  # every domain: the desk's rows follow the facts they show
    "festival.judging.progress",  # every domain's flushes: each round's judging figures kept
)


def init_extensions(app: Flask) -> None:
    for module in DOMAIN_MODELS + CROSS_DOMAIN_HOOKS:
        importlib.import_module(module)
    from festival.accounts.access import enforce_route_access
    from festival.i18n import select_locale, select_timezone
    from festival.jobs.queue import configure_queue

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(REPOSITORY_ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    login_manager.init_app(app)
    app.before_request(text.refuse_nul_in_url)
    app.before_request(enforce_route_access)
    csrf.init_app(app)
    compile_stale_catalogues(TRANSLATIONS)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(TRANSLATIONS),
    )
    limiter.init_app(app)
    configure_queue(app)


def register_bench_hello(app: Flask) -> None:
    from festival.health import register_bench_hello

    register_bench_hello(app)


def register_blueprints(app: Flask) -> None:
    from festival import (
        cli,
        error_pages,
        errors,
        i18n,
        json_bodies,
        links,
        security_headers,
        static_files,
        templating,
    )
    from festival.accounts.access import public
    from festival.accounts.views import bp as accounts_bp
    from festival.api import setup as api_setup
    from festival.api.tokens.views import bp as api_tokens_bp
    from festival.disclosure.views import bp as disclosure_bp
    from festival.editions.views import bp as editions_bp
    from festival.films.views import bp as films_bp
    from festival.health import bp as health_bp
    from festival.judging.manage_views import bp as judging_manage_bp
    from festival.judging.views import bp as judging_bp
    from festival.media.player import player_bp
    from festival.media.upload_views import uploads_bp
    from festival.media.views import bp as media_bp
    from festival.programming.block_views import bp as programming_blocks_bp
    from festival.programming.bulk_views import bp as programming_bulk_bp
    from festival.programming.dashboard_views import bp as programming_dashboard_bp
    from festival.programming.decision_views import bp as programming_decisions_bp
    from festival.programming.desk_views import bp as programming_desk_bp
    from festival.programming.export_views import bp as programming_exports_bp
    from festival.programming.import_views import bp as programming_import_bp
    from festival.programming.public_views import bp as programme_bp
    from festival.programming.publish_views import bp as programming_publish_bp
    from festival.programming.schedule_views import bp as programming_schedule_bp
    from festival.programming.statistics_views import bp as programming_statistics_bp
    from festival.submissions.views import bp as submissions_bp

    for blueprint in (
        accounts_bp,
        api_tokens_bp,
        editions_bp,
        films_bp,
        disclosure_bp,
        submissions_bp,
        media_bp,
        uploads_bp,
        player_bp,
        judging_bp,
        judging_manage_bp,
        programming_decisions_bp,
        programming_bulk_bp,
        programming_dashboard_bp,
        programming_import_bp,
        programming_exports_bp,
        programming_desk_bp,
        programming_blocks_bp,
        programming_statistics_bp,
        programming_schedule_bp,
        programming_publish_bp,
        programme_bp,
        health_bp,
        i18n.bp,
        error_pages.bp,
    ):
        app.register_blueprint(blueprint)
    static_files.register(app)
    app.view_functions["static"] = public(app.view_functions["static"])
    errors.register(app)
    json_bodies.register(app)
    api_setup.register(app)
    security_headers.register(app)
    templating.register(app)
    links.register(app)
    cli.register(app)
