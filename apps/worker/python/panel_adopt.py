"""Adopting a database first made with db.create_all(): run Flask-Migrate against an empty scratch database.

Used as FLASK_APP by the platform's "adopt" migration action. It makes the user's app use a scratch database (the
real one's name with a suffix, on the same server, created here and dropped by `python -m panel_adopt drop`) by
intercepting the app's SQLALCHEMY_DATABASE_URI as it is set, then imports the user's app.
"""
import importlib
import os
import sys

import flask

SCRATCH_SUFFIX = os.environ.get("PANEL_SCRATCH_SUFFIX", "_panel_adopt")


def scratch_url(value):
    from sqlalchemy.engine import make_url

    url = make_url(value)
    if url.get_backend_name() == "sqlite":
        database = "/tmp/panel-adopt-scratch.db"
    else:
        database = (url.database or "") + SCRATCH_SUFFIX
    if hasattr(url, "set"):
        url = url.set(database=database)
        return url.render_as_string(hide_password=False)
    url.database = database
    return str(url)


_original_setitem = flask.Config.__setitem__


def _redirecting_setitem(self, key, value):
    if key == "SQLALCHEMY_DATABASE_URI" and isinstance(value, str):
        os.environ["PANEL_REAL_DATABASE_URI"] = value
        value = scratch_url(value)
    _original_setitem(self, key, value)


def _server_url(uri):
    from sqlalchemy.engine import make_url

    url = make_url(uri)
    name = url.database
    if hasattr(url, "_replace"):
        # URL.set(database=None) would keep the database: None means "unchanged" there.
        return url._replace(database=None).render_as_string(hide_password=False), name
    url.database = None
    return str(url), name


def _scratch_admin(statement_template):
    """Creates or drops the scratch database with the app's own credentials (the account may manage its databases)."""
    from sqlalchemy import create_engine, text

    real = os.environ["PANEL_REAL_DATABASE_URI"]
    scratch = scratch_url(real)
    if scratch.startswith("sqlite"):
        if "DROP" in statement_template and os.path.exists("/tmp/panel-adopt-scratch.db"):
            os.remove("/tmp/panel-adopt-scratch.db")
        return
    server, name = _server_url(scratch)
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    quote = '"' if engine.dialect.name == "postgresql" else "`"
    with engine.connect() as connection:
        connection.execute(text(statement_template.format(name=quote + name + quote)))
    engine.dispose()


flask.Config.__setitem__ = _redirecting_setitem
_user_module = importlib.import_module(os.environ["PANEL_USER_FLASK_APP"])
app = _user_module.app

if __name__ == "__main__":
    command = sys.argv[1]
    if command == "create":
        _scratch_admin("DROP DATABASE IF EXISTS {name}")
        _scratch_admin("CREATE DATABASE {name}")
    elif command == "drop":
        _scratch_admin("DROP DATABASE IF EXISTS {name}")
