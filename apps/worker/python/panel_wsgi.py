"""The platform's WSGI entry point for a user's web app, run by gunicorn inside the app's container.

It loads the user's WSGI configuration file (which defines `application`, like PythonAnywhere's
/var/www/<domain>_wsgi.py), sends print() output to the server log and stderr to the error log, turns an
unhandled exception into a friendly "Something went wrong" page with the traceback in the error log, serves the
app's static file mappings from inside the container (so a symlink can only reach what the account itself can
see), and answers the platform's readiness probe without calling the app.
"""
import datetime
import email.utils
import json
import mimetypes
import os
import posixpath
import runpy
import sys
import traceback

from panel_logging import PROBE_HEADER

WSGI_FILE = os.environ["PANEL_WSGI_FILE"]
DOMAIN = os.environ.get("PANEL_DOMAIN", "")
ERROR_LOG = os.environ.get("PANEL_ERROR_LOG")
SERVER_LOG = os.environ.get("PANEL_SERVER_LOG")
STATIC_MAPPINGS = json.loads(os.environ.get("PANEL_STATIC_FILES", "[]"))


def _open_log(path):
    return open(path, "a", buffering=1, encoding="utf-8", errors="replace") if path else None


_error_log = _open_log(ERROR_LOG)
_server_log = _open_log(SERVER_LOG)
if _server_log:
    sys.stdout = _server_log
if _error_log:
    sys.stderr = _error_log


def _log_error(text):
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S,%f")[:-3]
    target = _error_log or sys.__stderr__
    target.write("%s: %s\n" % (stamp, text.rstrip("\n")))
    target.flush()


def _load_user_application():
    source = os.environ.get("PANEL_SOURCE_DIR")
    if source and source not in sys.path:
        sys.path.insert(0, source)
    working = os.environ.get("PANEL_WORKING_DIR")
    if working and os.path.isdir(working):
        os.chdir(working)
    try:
        namespace = runpy.run_path(WSGI_FILE, run_name="__panel_wsgi__")
    except BaseException:
        _log_error("Error running WSGI application\n" + traceback.format_exc())
        raise
    app = namespace.get("application")
    if app is None:
        message = "The WSGI file %s does not define `application`." % WSGI_FILE
        _log_error(message)
        raise RuntimeError(message)
    return app


def _let_flask_errors_reach_us(app):
    """Flask answers unhandled exceptions with its own bare 500 page; unless the app set its own handling, let them
    propagate so the visitor gets the friendly page and the traceback goes to the error log."""
    config = getattr(app, "config", None)
    specs = getattr(app, "error_handler_spec", None)
    if not isinstance(config, dict) or specs is None or "PROPAGATE_EXCEPTIONS" not in config:
        return
    if config.get("PROPAGATE_EXCEPTIONS") is not None:
        return
    if not specs.get(None, {}).get(500):
        config["PROPAGATE_EXCEPTIONS"] = True


_user_application = _load_user_application()
_let_flask_errors_reach_us(_user_application)

ERROR_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Something went wrong</title>
<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em;color:#333}
h1{color:#b03a2e}code{background:#f4f4f4;padding:0.1em 0.3em}</style></head>
<body><h1>Something went wrong :-(</h1>
<p>Something went wrong while trying to load this website; please try again later.</p>
<p>If it is your site, you should check your logs to determine what the problem is:
the error log is <code>/var/log/%s.error.log</code>, and you can see it in the Web tab.</p>
<p>Error code: Unhandled Exception</p></body></html>
""" % DOMAIN


def _not_modified(environ, etag, mtime):
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match.strip() == "*"
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since:
        try:
            return mtime <= email.utils.parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError):
            return False
    return False


def _static(environ, start_response):
    path = environ.get("PATH_INFO", "")
    for mapping in STATIC_MAPPINGS:
        url = mapping["url"].rstrip("/") + "/"
        if not (path + "/").startswith(url) and path != mapping["url"]:
            continue
        relative = path[len(url):] if path.startswith(url) else ""
        target = os.path.normpath(os.path.join(mapping["path"], *[p for p in relative.split("/") if p]))
        root = os.path.normpath(mapping["path"])
        if target != root and not target.startswith(root + os.sep):
            continue
        if os.path.isdir(target):
            target = os.path.join(target, "index.html")
        if not os.path.isfile(target):
            continue
        try:
            handle = open(target, "rb")
        except OSError:
            continue
        stats = os.fstat(handle.fileno())
        # Validators as a static file server gives them, so browsers revalidate with a 304 instead of a download.
        etag = '"%x-%x"' % (stats.st_mtime_ns, stats.st_size)
        last_modified = email.utils.formatdate(stats.st_mtime, usegmt=True)
        headers = [("ETag", etag), ("Last-Modified", last_modified), ("Cache-Control", "public, max-age=300")]
        if _not_modified(environ, etag, int(stats.st_mtime)):
            handle.close()
            start_response("304 Not Modified", headers)
            return [b""]
        content_type = mimetypes.guess_type(target)[0] or "application/octet-stream"
        start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(stats.st_size))] + headers)
        wrapper = environ.get("wsgi.file_wrapper")
        return wrapper(handle, 65536) if wrapper else iter(lambda: handle.read(65536), b"")
    return None


def application(environ, start_response):
    if environ.get(PROBE_HEADER) == "ready":
        start_response("204 No Content", [])
        return [b""]
    if STATIC_MAPPINGS and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
        served = _static(environ, start_response)
        if served is not None:
            return served
    started = []

    def tracking_start_response(status, headers, exc_info=None):
        started.append(status)
        return start_response(status, headers, exc_info)

    try:
        result = _user_application(environ, tracking_start_response)
        return result
    except Exception:
        _log_error("Error running WSGI application\n" + traceback.format_exc())
        body = ERROR_PAGE.encode("utf-8")
        start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))], sys.exc_info())
        return [body]
