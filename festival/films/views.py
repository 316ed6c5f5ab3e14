"""The filmmaker's film entries: list, create, edit, the film's page, its poster and stills."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from festival.accounts.access import roles
from festival.accounts.enums import FILMMAKER_AND_STAFF
from festival.extensions import db
from festival.films import images, queries, rules, services
from festival.films.enums import ImageKind
from festival.films.forms import FilmForm, ImageUploadForm
from festival.films.loaders import get_film
from festival.films.models import Film, FilmImage
from festival.transactions import commit

bp = Blueprint("films", __name__)


def get_image(film: Film, image_id: int) -> FilmImage:
    return queries.film_image(film, image_id) or abort(404)


def upload_limit() -> int:
    """The largest image we take, lowered to the site's MAX_CONTENT_LENGTH when that is less."""
    site_limit = current_app.config.get("MAX_CONTENT_LENGTH")
    limit = current_app.config.get("FILM_IMAGE_MAX_BYTES", images.MAX_UPLOAD_BYTES)
    return min(limit, site_limit) if site_limit else limit


@bp.get("/films")
@roles(*FILMMAKER_AND_STAFF)
def index():
    return render_template("films/index.html", films=queries.films_owned_by(current_user))


@bp.route("/films/new", methods=["GET", "POST"])
@roles(*FILMMAKER_AND_STAFF)
def create():
    form = FilmForm()
    if "add_credit" in request.form:
        form.credits.append_entry()
    elif form.validate_on_submit():
        outcome = commit(
            lambda: services.create_film(
                actor=current_user, credits=form.credit_entries(), **form.settings()
            ),
            form=form,
        )
        if outcome:
            film = outcome.value
            flash(
                _("%(title)s is saved. Add its poster and stills here.", title=film.title),
                "success",
            )
            return redirect(url_for("films.show", film_id=film.id))
    return render_template("films/form.html", form=form, film=None)


@bp.route("/films/<int:film_id>/edit", methods=["GET", "POST"])
@roles(*FILMMAKER_AND_STAFF, owned=True)
def edit(film_id: int):
    film = get_film(film_id, rules.can_edit_film)
    form = FilmForm.for_film(film)
    if request.method == "GET":
        form.credits.append_entry()
    if "add_credit" in request.form:
        form.credits.append_entry()
    elif form.validate_on_submit():
        outcome = commit(
            lambda: services.update_film(
                film, actor=current_user, credits=form.credit_entries(), **form.settings()
            ),
            form=form,
        )
        if outcome:
            flash(_("Changes to %(title)s are saved.", title=film.title), "success")
            return redirect(url_for("films.show", film_id=film.id))
    return render_template("films/form.html", form=form, film=film)


def section(kind: ImageKind) -> str:
    return "poster" if kind == ImageKind.POSTER else "stills"


def render_show(film: Film, upload_forms: dict | None = None):
    forms = {
        ImageKind.POSTER: ImageUploadForm(formdata=None, prefix="poster"),
        ImageKind.STILL: ImageUploadForm(formdata=None, prefix="still"),
    } | (upload_forms or {})
    return render_template(
        "films/show.html",
        film=film,
        upload_forms=forms,
        can_edit=rules.can_edit_film(current_user, film),
        can_add_still=rules.can_add_still(film),
        max_stills=rules.MAX_STILLS,
        upload_megabytes=upload_limit() // (1024 * 1024),
        min_short_side=images.MIN_SHORT_SIDE,
    )


@bp.get("/films/<int:film_id>")
@roles(*FILMMAKER_AND_STAFF, owned=True)
def show(film_id: int):
    return render_show(get_film(film_id))


def upload(film: Film, kind: ImageKind, message: str):
    """Validate the upload form, store the image, commit and go back to the film's page; or show
    the page again with the reason next to the file field."""
    limit = upload_limit()
    request.max_content_length = limit + 1024 * 1024  # room for the rest of the form
    try:
        form = ImageUploadForm(prefix=kind.value)
    except RequestEntityTooLarge:
        form = ImageUploadForm(formdata=None, prefix=kind.value)
        form.file.errors = [too_large_message(limit)]
        return render_show(film, {kind: form})
    if form.validate_on_submit():
        outcome = commit(
            lambda: services.add_image(
                film, kind, form.file.data.stream, actor=current_user, max_bytes=limit
            ),
            form=form,
        )
        if outcome:
            flash(message, "success")
            return redirect(url_for("films.show", film_id=film.id, _anchor=section(kind)))
    return render_show(film, {kind: form})


def too_large_message(limit: int) -> str:
    return _(
        "The image is larger than %(megabytes)d MB. Export a smaller JPEG and try again.",
        megabytes=limit // (1024 * 1024),
    )


@bp.post("/films/<int:film_id>/poster")
@roles(*FILMMAKER_AND_STAFF, owned=True)
def upload_poster(film_id: int):
    film = get_film(film_id, rules.can_edit_film)
    return upload(film, ImageKind.POSTER, _("The poster is saved."))


@bp.post("/films/<int:film_id>/stills")
@roles(*FILMMAKER_AND_STAFF, owned=True)
def add_still(film_id: int):
    film = get_film(film_id, rules.can_edit_film)
    return upload(film, ImageKind.STILL, _("The still is added."))


def send_image(film_id: int, image_id: int, *, thumbnail: bool):
    film = get_film(film_id, rules.can_view_images)
    image = get_image(film, image_id)
    relative = image.thumbnail_path if thumbnail else image.path
    path = images.media_file(current_app.config["MEDIA_ROOT"], relative)
    if path is None:
        current_app.logger.error("image %s of film %s is missing on disk", image.id, film.id)
        abort(404)
    response = send_file(path, mimetype="image/jpeg", conditional=True, max_age=3600)
    response.cache_control.private = True
    response.cache_control.public = False
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/films/<int:film_id>/images/<int:image_id>")
@roles(*FILMMAKER_AND_STAFF, owned=True)
def image(film_id: int, image_id: int):
    return send_image(film_id, image_id, thumbnail=False)


@bp.get("/films/<int:film_id>/images/<int:image_id>/thumb")
@roles(*FILMMAKER_AND_STAFF, owned=True)
def image_thumbnail(film_id: int, image_id: int):
    return send_image(film_id, image_id, thumbnail=True)


@bp.route("/films/<int:film_id>/images/<int:image_id>/remove", methods=["GET", "POST"])
@roles(*FILMMAKER_AND_STAFF, owned=True)
def remove_image(film_id: int, image_id: int):
    film = get_film(film_id, rules.can_edit_film)
    image = get_image(film, image_id)
    is_poster = image.kind == ImageKind.POSTER
    if request.method == "GET":
        return render_template(
            "films/remove_image.html", film=film, image=image, is_poster=is_poster
        )
    services.remove_image(image, actor=current_user)
    db.session.commit()
    flash(_("The poster is removed.") if is_poster else _("The still is removed."), "success")
    return redirect(url_for("films.show", film_id=film.id, _anchor=section(image.kind)))
