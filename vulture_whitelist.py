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
_.Meta, _.pre_validate, _.widget, _.option_widget  # WTForms: form options, field hooks
_._value_  # Enum: a member's stored value
_.__html__  # MarkupSafe: how Jinja escapes a lazy string (festival/i18n.py)
_.handle_DATA  # aiosmtpd: the test SMTP server's handler

# Read by templates only.
_.help, _.meaning  # disclosure/edit.html: Element.help, Extent.meaning
_.is_past  # editions/show.html: CallStatus.is_past
_.edition_name, _.worst  # media/qc.html: EditionReport
_.romanised_title, _.website_url  # films/show.html; the film form's fields (populate_obj)
_.disclosure_version  # judging/_judging.html: judging.dossier
_.is_empty  # judging/manage/plan.html: judging.planning
_.scored_share, _.is_short  # judging/manage/assignments.html: judging.queries
_.methods_disagree  # judging/manage/results.html: judging.results

# Stored, not read back: a record in the database, or in a JSON column through `asdict`.
_.last_login_at  # accounts_users
_.uploaded_by_id, _.ready_at  # media_screeners
_.added_at, _.author_id  # judging_round_entries, judging_staff_notes
_.sample_aspect, _.display_aspect, _.color_range, _.sample_rate, _.bit_rate  # media.probe
_.FPS_24, _.FPS_25, _.FPS_30, _.FPS_48, _.FPS_50, _.FPS_60  # FrameRate: choices, stored by value

# Kernel idioms of issue 11 that the domains adopt on the branches merged with this one; drop
# these lines once a domain uses them.
_.REVIEWER_ROLES, _.FILMMAKER_AND_STAFF, _.EVERY_ROLE  # festival/accounts/enums.py
_.LabelledEnum  # festival/enums.py
_.json_refusal  # festival/transactions.py
