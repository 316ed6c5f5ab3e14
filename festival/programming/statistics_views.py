"""The edition's AI-use statistics: the staff page with its CSV and JSON, the switch that
publishes them, and the public page (with its CSV) while they are published."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from festival.accounts.access import public, roles
from festival.accounts.enums import STAFF_ROLES
from festival.editions import queries as edition_queries
from festival.editions import rules as edition_rules
from festival.editions.loaders import get_edition
from festival.editions.models import Edition
from festival.exports import csv_document
from festival.programming.statistics import (
    CSV_COLUMNS,
    MIN_PUBLIC_COUNT,
    edition_statistics,
    load_ai_use,
    statistics_rows,
)
from festival.programming.statistics_forms import PublishStatisticsForm
from festival.programming.statistics_publication import publish_statistics, statistics_published
from festival.transactions import commit

bp = Blueprint("programming_statistics", __name__)


def get_published_edition(slug: str) -> Edition:
    """The edition whose statistics are public; 404 while they are not."""
    edition = edition_queries.edition_by_slug(slug)
    if (
        edition is None
        or not edition_rules.can_view(current_user, edition)
        or not statistics_published(edition)
    ):
        abort(404)
    return edition


def csv_attachment(statistics, filename: str) -> Response:
    body = csv_document(CSV_COLUMNS, statistics_rows(statistics))
    return Response(
        body,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/manage/editions/<int:edition_id>/ai-statistics")
@roles(*STAFF_ROLES)
def statistics_page(edition_id: int):
    edition = get_edition(edition_id)
    is_published = statistics_published(edition)
    return render_template(
        "programming/statistics.html",
        edition=edition,
        statistics=edition_statistics(load_ai_use(edition)),
        is_published=is_published,
        form=PublishStatisticsForm(published="0" if is_published else "1"),
        min_public_count=MIN_PUBLIC_COUNT,
    )


@bp.get("/manage/editions/<int:edition_id>/ai-statistics.csv")
@roles(*STAFF_ROLES)
def statistics_csv(edition_id: int):
    edition = get_edition(edition_id)
    statistics = edition_statistics(load_ai_use(edition))
    return csv_attachment(statistics, f"edition-{edition.id}-ai-statistics.csv")


@bp.get("/manage/editions/<int:edition_id>/ai-statistics.json")
@roles(*STAFF_ROLES)
def statistics_json(edition_id: int):
    edition = get_edition(edition_id)
    statistics = edition_statistics(load_ai_use(edition))
    return jsonify(
        {
            "edition": edition.slug,
            "entries": statistics.entries,
            "selection": statistics.selection,
            "films_entered_twice": statistics.films_entered_twice,
            "rows": statistics_rows(statistics),
        }
    )


@bp.post("/manage/editions/<int:edition_id>/ai-statistics/publication")
@roles(*STAFF_ROLES)
def publication(edition_id: int):
    edition = get_edition(edition_id)
    form = PublishStatisticsForm()
    if form.validate():
        published = form.published.data == "1"
        if commit(lambda: publish_statistics(edition, published, actor=current_user), flash=True):
            flash(
                _("The AI-use statistics are public.")
                if published
                else _("The AI-use statistics are no longer public."),
                "success",
            )
    return redirect(url_for("programming_statistics.statistics_page", edition_id=edition.id))


@bp.get("/programme/<slug>/ai-statistics")
@public
def public_page(slug: str):
    edition = get_published_edition(slug)
    return render_template(
        "programming/statistics_public.html",
        edition=edition,
        statistics=edition_statistics(load_ai_use(edition), public=True),
        min_public_count=MIN_PUBLIC_COUNT,
    )


@bp.get("/programme/<slug>/ai-statistics.csv")
@public
def public_csv(slug: str):
    edition = get_published_edition(slug)
    statistics = edition_statistics(load_ai_use(edition), public=True)
    return csv_attachment(statistics, f"{edition.slug}-ai-statistics.csv")
