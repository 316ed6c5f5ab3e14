"""The staff pages of the FilmFreeway import: upload a file, map its categories and statuses,
preview every row's outcome, apply, and read the report."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from festival.accounts.access import roles
from festival.accounts.enums import STAFF_ROLES
from festival.editions.loaders import get_edition
from festival.exports import csv_document
from festival.extensions import db
from festival.programming import filmfreeway, importing
from festival.programming.import_forms import (
    ApplyForm,
    UploadForm,
    chosen_mapping,
    mapping_form,
)
from festival.programming.importing import Mapping, RowOutcome
from festival.programming.models import ImportRun
from festival.transactions import commit

bp = Blueprint("programming_import", __name__)

REPORT_COLUMNS = ("line", "submission_id", "title", "outcome", "reason", "detail")


def get_run(import_run_id: int) -> ImportRun:
    return db.session.get(ImportRun, import_run_id) or abort(404)


@bp.route("/manage/editions/<int:edition_id>/import", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def upload(edition_id: int):
    edition = get_edition(edition_id)
    request.max_content_length = filmfreeway.MAX_FILE_BYTES + 1024 * 1024
    try:
        form = UploadForm()
        submitted = form.validate_on_submit()
    except RequestEntityTooLarge:
        form, submitted = UploadForm(formdata=None), False
        form.file.errors = [
            _(
                "The file is larger than %(megabytes)d MB; export fewer submissions at a time.",
                megabytes=filmfreeway.MAX_FILE_BYTES // (1024 * 1024),
            )
        ]
    if submitted:
        upload_file = form.file.data
        data = upload_file.stream.read(filmfreeway.MAX_FILE_BYTES + 1)
        outcome = commit(
            lambda: importing.stage_file(
                edition, data, file_name=upload_file.filename or "", actor=current_user
            ),
            form=form,
        )
        if outcome:
            return redirect(url_for("programming_import.show", import_run_id=outcome.value.id))
    return render_template(
        "programming/import_upload.html",
        edition=edition,
        form=form,
        runs=importing.runs_of(edition),
        columns=filmfreeway.COLUMNS,
    )


@bp.route("/manage/imports/<int:import_run_id>", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def show(import_run_id: int):
    """A staged run: its mapping form and the preview under the mapping kept; an applied run:
    its report."""
    run = get_run(import_run_id)
    if run.is_applied:
        return render_report(run)
    parsed = importing.parsed_file(run)
    categories = importing.distinct_categories(parsed)
    statuses = importing.distinct_statuses(parsed)
    mapping = Mapping.from_json(run.mapping)
    form = mapping_form(
        run.edition,
        categories,
        statuses,
        mapping,
        formdata=request.form if request.method == "POST" else None,
    )
    if request.method == "POST" and form.validate_on_submit():
        chosen = chosen_mapping(form, categories, statuses)
        outcome = commit(lambda: importing.set_mapping(run, chosen, actor=current_user), form=form)
        if outcome:
            flash(_("The mapping is kept; the preview below follows it."), "success")
            return redirect(url_for("programming_import.show", import_run_id=run.id))
    preview = importing.plan(run.edition, parsed, mapping)
    return render_template(
        "programming/import_preview.html",
        run=run,
        edition=run.edition,
        parsed=parsed,
        form=form,
        categories=categories,
        statuses=statuses,
        preview=preview,
        apply_form=ApplyForm(formdata=None),
        outcomes=RowOutcome,
    )


def render_report(run: ImportRun):
    report = importing.report_of(run)
    return render_template(
        "programming/import_report.html",
        run=run,
        edition=run.edition,
        report=report,
        outcomes=RowOutcome,
    )


@bp.post("/manage/imports/<int:import_run_id>/apply")
@roles(*STAFF_ROLES)
def apply(import_run_id: int):
    run = get_run(import_run_id)
    form = ApplyForm()
    if not form.validate_on_submit():
        abort(400)
    outcome = commit(
        lambda: importing.apply_run(
            run, actor=current_user, all_or_nothing=form.all_or_nothing.data
        ),
        flash=True,
    )
    if outcome:
        flash(
            _(
                "Imported: %(taken)d taken, %(updated)d updated, %(unchanged)d unchanged, "
                "%(refused)d refused.",
                taken=run.rows_taken,
                updated=run.rows_updated,
                unchanged=run.rows_unchanged,
                refused=run.rows_refused,
            ),
            "success",
        )
    return redirect(url_for("programming_import.show", import_run_id=run.id))


@bp.get("/manage/imports/<int:import_run_id>/report.csv")
@roles(*STAFF_ROLES)
def report_csv(import_run_id: int):
    run = get_run(import_run_id)
    rows = (
        {
            "line": line.line,
            "submission_id": line.submission_id,
            "title": line.title,
            "outcome": str(line.outcome.label),
            "reason": str(line.issue.label) if line.issue else "",
            "detail": line.detail,
        }
        for line in importing.report_of(run)
    )
    return Response(
        csv_document(REPORT_COLUMNS, rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="import-{run.id}-report.csv"'},
    )
