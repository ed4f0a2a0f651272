"""WSGI entry for the throughput bench: the vanthu app, and a bare Flask "hello" mounted at /bare
on the same gunicorn server (same workers, same process model), as the baseline."""
from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from app import create_app

bare = Flask("bare")


@bare.get("/hello")
def hello():
    return "ok"


application = DispatcherMiddleware(create_app(), {"/bare": bare})
