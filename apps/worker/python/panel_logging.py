"""gunicorn's logger for users' web apps, without the platform's readiness probes in the access log."""
from gunicorn.glogging import Logger

PROBE_HEADER = "HTTP_X_PANEL_PROBE"


class ProbeQuietLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if environ.get(PROBE_HEADER) == "ready":
            return
        super().access(resp, req, environ, request_time)
