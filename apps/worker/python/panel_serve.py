"""Starts gunicorn for a user's web app (the container's command; see gunicorn_conf.py and panel_wsgi.py).

Debian's gunicorn 20 (the 3.9 and 3.11 images) imports pkg_resources when it loads, only to look up worker classes
given as entry points, which the platform never does. pkg_resources scans every installed distribution and costs
the gunicorn master ~7 MB and ~60 ms at each start. While gunicorn loads, a stand-in that imports the real module on
first use takes its place; the user's own `import pkg_resources` still gets the real module.
"""
import importlib
import sys
import types


class _ImportedOnFirstUse(types.ModuleType):
    def __getattr__(self, attribute):
        return getattr(importlib.import_module(self.__name__), attribute)


_DEFERRED = "pkg_resources"
_already_loaded = _DEFERRED in sys.modules
if not _already_loaded:
    sys.modules[_DEFERRED] = _ImportedOnFirstUse(_DEFERRED)
try:
    import gunicorn.app.wsgiapp
finally:
    if not _already_loaded and isinstance(sys.modules.get(_DEFERRED), _ImportedOnFirstUse):
        del sys.modules[_DEFERRED]

if __name__ == "__main__":
    sys.argv[0] = "gunicorn"
    sys.exit(gunicorn.app.wsgiapp.run())
