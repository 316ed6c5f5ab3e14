"""Names that are alive although no Python code reads them, for vulture (`[tool.vulture]` in
pyproject.toml). Nothing imports this file. Flask views and hooks, job handlers, pytest fixtures
and WTForms `validate_*` methods are left out by decorator or name there; list a name here only
with the reason it lives."""

# ruff: noqa: B018

from vulture.whitelist_utils import Whitelist

_ = Whitelist()

# Called or read by a framework.
_.impl, _.cache_ok, _.process_bind_param, _.process_result_value  # SQLAlchemy: UTCDateTime
_.get_id, _.login_view, _.login_message_category  # Flask-Login
_.test_client_class  # Flask: tests/conftest.py's client
_.max_content_length  # Flask: a route's own upload limit (request.max_content_length)
_.private  # Flask: Cache-Control private (response.cache_control.private)
_.last_modified  # Flask: a feed's Last-Modified (programming/public_views.py)
_.published_by_id  # programming: who published the programme, kept on the row for staff
_.Meta, _.pre_validate, _.widget, _.option_widget  # WTForms: form options, field hooks
_.exclude  # marshmallow: a schema's Meta option (api/desk_actions.py: MatchingSchema)
_._value_  # Enum: a member's stored value
_.MAX_TEXT_MEMORY  # Pillow: PngImagePlugin's bound on text chunks (films/images.py)
_.__html__  # MarkupSafe: how Jinja escapes a lazy string (festival/i18n.py)
_.handle_DATA  # aiosmtpd: the test SMTP server's handler
_.parent_names  # Alembic: the signature of `include_name` (festival/schema.py)
_.kw  # SQLAlchemy: DDL event listeners' keywords (programming/models/desk.py)

# Read by templates only.
_.help, _.meaning  # disclosure/edit.html: Element.help, Extent.meaning
_.is_past  # editions/show.html: CallStatus.is_past
_.edition_name, _.worst  # media/qc.html: EditionReport
_.romanised_title, _.website_url  # films/show.html; the film form's fields (populate_obj)
_.disclosure_version  # judging/_judging.html: judging.dossier
_.is_empty  # judging/manage/plan.html: judging.planning
_.scored_share, _.is_short  # judging/manage/assignments.html: judging.queries
_.methods_disagree  # judging/manage/results.html: judging.results
_.is_rewritten, _.flagged  # judging/manage/juror_copy.html: judging.juror_copy
_.add_url, _.edit_url, _.remove_url  # editions/edit.html: editions.views.RowKind
_.shows_films, _.shows_reviews, _.shows_staff, _.shows_admin  # base.html: templating.Navigation
_.feedback, _.is_selected  # programming/decisions_filmmaker.html: decisions.ReleasedDecision
_.decided_by  # programming/decisions_preview.html: Decision.decided_by
_.sorted_by, _.screening_count  # programming/desk.html: desk.ParsedFilters, DeskRow

# Stored, not read back: a record in the database, or in a JSON column through `asdict`.
_.last_login_at  # accounts_users
_.uploaded_by_id, _.ready_at  # media_screeners
_.deadline_id, _.waiver_code_id  # submissions_submissions: the tier and code an entry used
_.added_at, _.author_id  # judging_round_entries, judging_staff_notes
_.decided_by_id, _.decided_at, _.assigned_by_id, _.assigned_at  # programming_* tables
_.updated_by_id  # programming_*, judging_juror_copies: who last wrote the row
_.decision_id  # programming_release_messages: the unique key that stops a second send
_.sample_aspect, _.display_aspect, _.color_range, _.sample_rate, _.bit_rate  # media.probe
_.FPS_24, _.FPS_25, _.FPS_30, _.FPS_48, _.FPS_50, _.FPS_60  # FrameRate: choices, stored by value


# Enum members reached only by iterating their enum (form choices, stored values).
_.ESTATE_PERMISSION, _.PUBLIC_DOMAIN_ARCHIVE, _.LICENSED_STOCK  # disclosure/enums.py: ConsentBasis
_.PROGRAMME_NOTE  # disclosure/enums.py: AudienceNotice
_.SELECTS, _.STEMS  # disclosure/enums.py: Evidence
(
    _.COMPUTATIONAL_CAPTURE,
    _.NEGATIVE_FILM,
    _.POSITIVE_FILM,
    _.PRINT,
    _.SCREEN_CAPTURE,
    _.HUMAN_EDITS,
    _.MINOR_HUMAN_EDITS,
    _.COMPOSITE_CAPTURE,
    _.DATA_DRIVEN_MEDIA,
    _.DIGITAL_CREATION,
    _.VIRTUAL_RECORDING,
    _.COMPOSITE_SYNTHETIC,
)  # disclosure/enums.py: DigitalSourceType
_.WEBM, _.MXF  # editions/enums.py: Container
_.COMPOSER, _.SOUND, _.AI_ARTIST  # films/enums.py: CreditRole
(
    _.COMEDY,
    _.THRILLER,
    _.HORROR,
    _.FANTASY,
    _.ACTION,
    _.ANIMATION,
    _.DOCUMENTARY,
    _.EXPERIMENTAL,
    _.ROMANCE,
)  # films/enums.py: Genre
_.INSTITUTION, _.MENTOR  # judging/enums.py: ConflictKind
_.row_count, _.created_by  # programming: read by templates/programming/import_*.html
_.run_id  # programming/models/imports.py: ImportedEntry, which run last took the row (audit)
_.extent_columns  # programming/statistics.py: read by templates/programming/_statistics.html
_.continues_from_before, _.continues_after, _.is_clash, _.is_hour  # programming: schedule_day.html
_.display_description  # Block, JudgingOutcome: read by the programme's and submissions' templates
_.changed_by_id  # programming/models/programme.py: ScreeningChange, who made it (read in audits)
_._login_user  # errors.py: Flask-Login's request user, a visitor while the database is down
_.periodic_task_seconds  # jobs/worker.py: read by Huey's scheduler

# The API (festival/api): read by flask-smorest, webargs and marshmallow.
_.ARGUMENTS_PARSER, _.load_json  # webargs: the blueprint's parser and its JSON hook
_._register_error_handlers, _._register_responses  # flask-smorest: Api hooks overridden
_.api_json_body  # api/parsing.py: the body read once per request, kept on `g`
_.lock_reason, _.uid, _.sequence, _.film_title, _.edition_slug, _.status_label  # schema fields
_.playable_version  # api/uploads.py: a schema field, dumped from the view's dict
# api/desk.py, reviews.py, results.py, jobs.py: schema fields (the desk's filters by name,
# dumped from the views' dicts)
_.q, _.runtime_min, _.runtime_max, _.ai_min, _.ai_max, _.rating_min, _.jury_min
_.calibrated_min, _.filmmaker_email, _.ai_share_percent, _.ai_elements, _.ai_tools
_.screening_rating, _.jury_reviews, _.imported_from, _.gives_status, _.screener_version
_.state_label, _.disputed, _.rank_mean, _.rank_normalised, _.rank_calibrated
