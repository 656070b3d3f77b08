"""Reads the database's Alembic revision from the database itself, for the platform's migrations status.

Run by every migration job as `python -m panel_revision` in the app's environment (its virtualenv, source folder,
FLASK_APP, the account's uid): it loads the Flask app, takes the database URL the app configured (Flask-Migrate's
`db.engine.url`, or SQLALCHEMY_DATABASE_URI), connects with the app's own credentials and reads the rows of
`alembic_version` (Flask-Migrate's `version_table` if it names another). It prints one line, the marker in
PANEL_REVISION_MARKER followed by JSON (the RevisionRead schema in libs/contracts):

  {"state": "read" | "not-under-migrations" | "unreachable" | "error", "revisions": [ids], "message": ..., ...}

It never runs a migration and never writes to the database.
"""
import datetime
import json
import os
import re
import sys

MARKER = os.environ.get("PANEL_REVISION_MARKER", "[panel] database revision:")
CONNECT_TIMEOUT_SECONDS = 5
REVISION_ID = re.compile(r"^[A-Za-z0-9_]{1,64}$")


def _emit(state, revisions=(), message=None, dialect=None, database=None):
    record = {
        "state": state,
        "revisions": sorted(revisions),
        "message": message,
        "dialect": dialect,
        "database": database,
        "readAt": datetime.datetime.now(datetime.timezone.utc).isoformat().replace("+00:00", "Z"),
    }
    sys.stdout.flush()
    print(MARKER + " " + json.dumps(record), flush=True)


def _app_database():
    """The app's database URL and version table, as Flask-Migrate would use them."""
    from flask.cli import ScriptInfo

    app = ScriptInfo(app_import_path=os.environ.get("FLASK_APP") or None).load_app()
    with app.app_context():
        migrate = app.extensions.get("migrate")
        args = dict(getattr(migrate, "configure_args", None) or {})
        url = None
        db = getattr(migrate, "db", None) or app.extensions.get("sqlalchemy")
        try:
            url = db.engine.url if db is not None else None
        except Exception:  # an old Flask-SQLAlchemy without an engine outside a request
            url = None
        if url is None:
            from sqlalchemy.engine import make_url

            uri = app.config.get("SQLALCHEMY_DATABASE_URI")
            if not uri:
                raise LookupError("the app configures no database (no SQLALCHEMY_DATABASE_URI)")
            url = make_url(uri)
        return url, args.get("version_table", "alembic_version"), args.get("version_table_schema")


def main():
    try:
        url, table, schema = _app_database()
    except SystemExit as error:
        _emit("error", message="Could not load the app (FLASK_APP=%s): it exited (%s)" % (os.environ.get("FLASK_APP"), error.code))
        return
    except BaseException as error:  # whatever the app raises while importing
        _emit("error", message="Could not load the app (FLASK_APP=%s) to find its database: %s: %s" % (os.environ.get("FLASK_APP"), type(error).__name__, error))
        return

    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    dialect = url.get_backend_name()
    database = url.database
    shown = url.render_as_string(hide_password=True) if hasattr(url, "render_as_string") else repr(url)
    connect_args = {} if dialect == "sqlite" else {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    try:
        engine = sa.create_engine(url, poolclass=NullPool, connect_args=connect_args)
    except Exception as error:
        _emit("error", message="Could not use the database URL %s: %s" % (shown, error), dialect=dialect, database=database)
        return
    try:
        connection = engine.connect()
    except Exception as error:
        reason = getattr(error, "orig", None) or error
        _emit("unreachable", message="Could not connect to the database %s: %s" % (shown, reason), dialect=dialect, database=database)
        return
    try:
        with connection:
            inspector = sa.inspect(connection)
            if not inspector.has_table(table, schema=schema):
                _emit("not-under-migrations", message="The database has no %s table: it is not under migrations yet." % table, dialect=dialect, database=database)
                return
            name = (schema + "." if schema else "") + table
            rows = connection.execute(sa.text("SELECT version_num FROM %s" % name)).fetchall()
    except Exception as error:
        reason = getattr(error, "orig", None) or error
        _emit("error", message="Could not read %s from %s: %s" % (table, shown, reason), dialect=dialect, database=database)
        return
    revisions = {str(row[0]).strip() for row in rows if row[0] is not None and str(row[0]).strip()}
    bad = [r for r in revisions if not REVISION_ID.match(r)]
    if bad:
        _emit("error", message="%s holds values that are not revision ids: %s" % (table, ", ".join(sorted(bad))[:200]), dialect=dialect, database=database)
    elif not revisions:
        _emit("not-under-migrations", message="The %s table is empty: no migration has been applied (or the database was stamped base)." % table, dialect=dialect, database=database)
    else:
        _emit("read", revisions, dialect=dialect, database=database)


if __name__ == "__main__":
    main()
