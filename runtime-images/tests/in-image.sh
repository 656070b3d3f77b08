#!/bin/bash
# Checks run inside a panel-python image by check.sh, as a non-root uid with
# no /etc/passwd entry, HOME on a bind mount, and no network.
#   bash /panel-tests/in-image.sh <python-version>
set -u
PYV="$1"
FAILED=()
cd "$HOME" || exit 1

step() { echo; echo "=== $*"; }
ok() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; FAILED+=("$1"); }
# run NAME CMD...: run a command, record pass/fail
run() {
  local name="$1"; shift
  if "$@"; then ok "$name"; else fail "$name"; fi
}

step "environment"
echo "uid=$(id -u) gid=$(id -g) HOME=$HOME LANG=${LANG:-} LC_ALL=${LC_ALL:-}"
run "python${PYV} on PATH" command -v "python${PYV}"
run "python3 is ${PYV}" test "$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')" = "$PYV"
for tool in bash tmux git nano vi curl less ps mysql psql virtualenv gunicorn; do
  run "tool $tool" command -v "$tool"
done
run "LANG is C.UTF-8" test "${LANG:-}" = C.UTF-8
run "system gunicorn runs" gunicorn --version
run "python3 -m gunicorn runs" python3 -m gunicorn --version
run "system Flask stack imports" python3 -c 'import flask, flask_sqlalchemy, flask_migrate, flask_login, flask_wtf, sqlalchemy, alembic, pymysql, MySQLdb, psycopg2, django, gunicorn, requests, dotenv'
run "bash console sets USER without a passwd entry" env -u USER -u LOGNAME bash -ic 'test "$USER" = "$(basename "$HOME")" && python3 -c "import pymysql"'
run "system Python is byte-compiled" python3 - <<'EOF'
import importlib.util, os, sys
for name in ("json", "http.client", "email.utils", "gunicorn.util", "flask.app", "sqlalchemy.orm"):
    source = importlib.util.find_spec(name).origin
    cached = importlib.util.cache_from_source(source)
    if not os.path.exists(cached):
        sys.exit("no %s for %s" % (cached, name))
EOF
run "wheelhouse exists" test -d /usr/share/pip-wheels
echo "wheelhouse: $(ls /usr/share/pip-wheels | wc -l) wheels"

step "venv + pip install flask flask-sqlalchemy pymysql (offline)"
run "python3 -m venv ~/v" python3 -m venv "$HOME/v"
run "pip install flask flask-sqlalchemy pymysql" "$HOME/v/bin/pip" install flask flask-sqlalchemy pymysql
freeze="$("$HOME/v/bin/pip" freeze)"
echo "$freeze"
for d in Flask Flask-SQLAlchemy PyMySQL; do
  run "pip freeze lists $d" grep -Eiq "^${d}==[0-9]" <<<"$freeze"
done

step "pip install Flask-Migrate"
run "pip install Flask-Migrate" "$HOME/v/bin/pip" install Flask-Migrate
run "alembic came along" grep -Eiq '^alembic==' <<<"$("$HOME/v/bin/pip" freeze)"
run "flask --version" "$HOME/v/bin/flask" --version
run "alembic --version" "$HOME/v/bin/alembic" --version

step "Flask-SQLAlchemy + Flask-Migrate app: flask db init/migrate/upgrade"
mkdir -p "$HOME/app"
cat >"$HOME/app/app.py" <<'EOF'
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from flask_migrate import Migrate

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///app.db"
app.config["SQLALCHEMY_TRACK_MODIFICATIONS"] = False
db = SQLAlchemy(app)
migrate = Migrate(app, db)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), unique=True, nullable=False)


@app.route("/")
def index():
    return "hello from %d users" % User.query.count()
EOF
(
  FAILED=()
  cd "$HOME/app" && export FLASK_APP=app.py
  run "flask db init" "$HOME/v/bin/flask" db init
  run "flask db migrate" "$HOME/v/bin/flask" db migrate -m initial
  run "flask db upgrade" "$HOME/v/bin/flask" db upgrade
  run "user table exists" "$HOME/v/bin/python" -c '
import sqlite3, glob
dbs = glob.glob("app.db") + glob.glob("instance/app.db")
assert dbs, "no app.db"
names = [r[0] for r in sqlite3.connect(dbs[0]).execute("select name from sqlite_master")]
print(dbs[0], names)
assert "user" in names and "alembic_version" in names'
  exit ${#FAILED[@]}
) || FAILED+=("flask db (see above)")

step "pip install gunicorn django mysqlclient psycopg2 flask-login flask-wtf requests python-dotenv"
run "pip install the rest of the stack" "$HOME/v/bin/pip" install gunicorn django mysqlclient psycopg2 flask-login flask-wtf requests python-dotenv
run "gunicorn --version" "$HOME/v/bin/gunicorn" --version
run "django-admin --version" "$HOME/v/bin/django-admin" --version
run "venv imports" "$HOME/v/bin/python" -c 'import flask_login, flask_wtf, requests, dotenv, MySQLdb, psycopg2, django, gunicorn, sqlalchemy; print("imports ok")'
run "pip check" "$HOME/v/bin/pip" check

step "gunicorn serves the Flask app"
(
  cd "$HOME/app"
  "$HOME/v/bin/gunicorn" --bind 127.0.0.1:8765 --workers 1 app:app >"$HOME/gunicorn.log" 2>&1 &
  pid=$!
  out=""
  for _ in $(seq 1 50); do
    out="$(curl -fsS http://127.0.0.1:8765/ 2>/dev/null)" && break
    sleep 0.2
  done
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  echo "response: $out"
  [ "$out" = "hello from 0 users" ] || { cat "$HOME/gunicorn.log"; exit 1; }
) && ok "gunicorn + curl" || fail "gunicorn + curl"

step "django-admin startproject + check"
(
  cd "$HOME" && "$HOME/v/bin/django-admin" startproject mysite && cd mysite && "$HOME/v/bin/python" manage.py check
) && ok "django startproject/check" || fail "django startproject/check"

if ls /usr/share/pip-wheels/numpy-*.whl >/dev/null 2>&1; then
  step "batteries: the issue's lesson and the scientific/ASGI stack (offline, fresh venv)"
  run "python3 -m venv ~/b" python3 -m venv "$HOME/b"
  run "pip install flask psycopg2 flask_sqlalchemy flask-migrate ipython" "$HOME/b/bin/pip" install -q flask psycopg2 flask_sqlalchemy flask-migrate ipython
  run "pip install numpy pandas scipy matplotlib uvicorn starlette fastapi httpx pytest" "$HOME/b/bin/pip" install -q numpy pandas scipy matplotlib uvicorn starlette fastapi httpx pytest
  run "batteries import" "$HOME/b/bin/python" -c 'import IPython, numpy, pandas, scipy.linalg, matplotlib.pyplot, uvicorn, starlette.applications, fastapi, httpx, pytest; pandas.DataFrame({"a": [1, 2]}).sum()'
  run "ipython and uvicorn scripts" "$HOME/b/bin/ipython" -c 'print(1)'
  run "uvicorn --version" "$HOME/b/bin/uvicorn" --version
  run "pip check (batteries)" "$HOME/b/bin/pip" check
  rm -rf "$HOME/b"
fi

step "every wheel in the wheelhouse installs together"
run "venv ~/all" python3 -m venv "$HOME/all"
run "pip install all wheels" "$HOME/all/bin/pip" install -q /usr/share/pip-wheels/*.whl
run "pip check (all wheels)" "$HOME/all/bin/pip" check

step "virtualenvwrapper in bash -ic"
out="$(bash -ic "mkvirtualenv t1 --python=python${PYV} && pip install flask && lsvirtualenv -b && workon t1 && python -c 'import flask, sys; print(\"IN-VENV\", sys.prefix)' && deactivate && rmvirtualenv t1 && echo WRAPPER-OK" 2>&1)"
rc=$?
echo "$out" | tail -n 25
if [ $rc -eq 0 ] && grep -q WRAPPER-OK <<<"$out" && grep -q "IN-VENV $HOME/.virtualenvs/t1" <<<"$out"; then
  ok "mkvirtualenv/pip/lsvirtualenv/workon/deactivate/rmvirtualenv"
else
  fail "mkvirtualenv/pip/lsvirtualenv/workon/deactivate/rmvirtualenv (rc=$rc)"
fi
run "rmvirtualenv removed t1" test ! -e "$HOME/.virtualenvs/t1"

step "pip fails fast for an unknown package"
t0=$(date +%s.%N)
out="$("$HOME/v/bin/pip" install nonexistent-package-xyz 2>&1)"; rc=$?
t1=$(date +%s.%N)
secs=$(python3 -c "print(round($t1 - $t0, 2))")
echo "$out" | tail -n 3; echo "rc=$rc in ${secs}s"
if [ $rc -ne 0 ] && grep -q "No matching distribution" <<<"$out" && python3 -c "import sys; sys.exit(0 if $secs < 5 else 1)"; then
  ok "unknown package fails in ${secs}s"
else
  fail "unknown package: rc=$rc, ${secs}s"
fi

step "system pip is protected (EXTERNALLY-MANAGED, where the suite has it)"
if ls /usr/lib/python3*/EXTERNALLY-MANAGED >/dev/null 2>&1; then
  out="$(python3 -m pip install --user flask 2>&1)"; rc=$?
  echo "$out" | tail -n 2
  if [ $rc -ne 0 ] && grep -qi "externally-managed" <<<"$out"; then ok "system pip refuses"; else fail "system pip refuses"; fi
else
  echo "(no EXTERNALLY-MANAGED marker in this suite)"
fi

step "env vars turn a package index on (PIP_NO_INDEX=0 PIP_INDEX_URL=...)"
(
  set -e
  idx="$HOME/index"
  mkdir -p "$idx/simple/panel-probe"
  python3 - "$idx/simple/panel-probe" <<'EOF'
import base64, hashlib, sys, zipfile
d = sys.argv[1]
name = "panel_probe-1.0-py3-none-any.whl"
files = {
    "panel_probe.py": b"OK = True\n",
    "panel_probe-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: panel-probe\nVersion: 1.0\n",
    "panel_probe-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
rec = ""
for k, v in files.items():
    h = base64.urlsafe_b64encode(hashlib.sha256(v).digest()).rstrip(b"=").decode()
    rec += "%s,sha256=%s,%d\n" % (k, h, len(v))
rec += "panel_probe-1.0.dist-info/RECORD,,\n"
files["panel_probe-1.0.dist-info/RECORD"] = rec.encode()
with zipfile.ZipFile("%s/%s" % (d, name), "w") as z:
    for k, v in files.items():
        z.writestr(k, v)
open(d + "/index.html", "w").write('<html><body><a href="%s">%s</a></body></html>\n' % (name, name))
EOF
  (cd "$idx" && exec python3 -m http.server 8766 --bind 127.0.0.1 >"$HOME/http.log" 2>&1) &
  srv=$!
  trap 'kill $srv 2>/dev/null' EXIT
  for _ in $(seq 1 50); do curl -fsS http://127.0.0.1:8766/simple/ >/dev/null 2>&1 && break; sleep 0.1; done
  if "$HOME/v/bin/pip" install panel-probe >/dev/null 2>&1; then echo "index used without env vars?"; exit 1; fi
  PIP_NO_INDEX=0 PIP_INDEX_URL=http://127.0.0.1:8766/simple/ PIP_TRUSTED_HOST=127.0.0.1 \
    "$HOME/v/bin/pip" install panel-probe
  "$HOME/v/bin/python" -c 'import panel_probe; assert panel_probe.OK'
  "$HOME/v/bin/pip" uninstall -y -q panel-probe
  PIP_NO_INDEX=false PIP_INDEX_URL=http://127.0.0.1:8766/simple/ \
    "$HOME/v/bin/pip" install panel-probe
) && ok "PIP_NO_INDEX=0/false + PIP_INDEX_URL override /etc/pip.conf" || fail "index env override"

echo
if [ ${#FAILED[@]} -eq 0 ]; then
  echo "ALL CHECKS PASSED (python $PYV)"
  exit 0
fi
echo "FAILED CHECKS (python $PYV):"
printf '  - %s\n' "${FAILED[@]}"
exit 1
