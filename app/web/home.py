"""Home page: what vanthu does and where to start."""
from flask import Blueprint, render_template

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    return render_template("home.html")


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
