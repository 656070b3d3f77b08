"""gunicorn settings for users' web apps (see panel_wsgi.py)."""
import os

# A unix socket in a directory of this container's own; the worker points Caddy at it once the app answers.
bind = os.environ.get("PANEL_BIND", "0.0.0.0:8000")
# Caddy (another user) connects to the socket.
umask = 0o111
workers = int(os.environ.get("PANEL_WORKERS", "1"))
worker_class = "sync"
timeout = 300
graceful_timeout = 20
accesslog = os.environ.get("PANEL_ACCESS_LOG") or None
errorlog = os.environ.get("PANEL_SERVER_LOG") or "-"
# PythonAnywhere-like access lines: client, time (gunicorn's %(t)s is already in brackets), request, status, size,
# referer, agent, response time
access_log_format = '%({x-forwarded-for}i)s - %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" response-time=%(L)s'
proc_name = "panel-webapp"
# The platform's readiness probes are not the user's traffic: keep them out of the access log.
logger_class = "panel_logging.ProbeQuietLogger"
