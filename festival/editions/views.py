from flask import Blueprint, render_template

from festival.accounts.access import public, roles
from festival.accounts.enums import Role

bp = Blueprint("editions", __name__)


@bp.get("/")
@public
def home():
    return render_template("editions/home.html", editions=[])


@bp.get("/manage/editions")
@roles(Role.PROGRAMMER, Role.ADMIN)
def manage():
    return render_template("editions/home.html", editions=[])
