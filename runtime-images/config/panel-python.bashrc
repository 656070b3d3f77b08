# panel runtime image: interactive bash setup (sourced from /etc/bash.bashrc).
# Works for any uid, with or without an /etc/passwd entry, as long as $HOME
# is set (the platform sets HOME=/home/<user>).

# Containers run with a uid that has no /etc/passwd entry; getpass.getuser()
# (used at import time by e.g. PyMySQL; an OSError on Python >= 3.13) then
# needs USER/LOGNAME. Default them to the name of the home directory.
if [ -z "${USER:-}" ]; then
    USER="$(id -un 2>/dev/null)" || USER="$(basename "${HOME:-/root}")"
    export USER
fi
export LOGNAME="${LOGNAME:-$USER}"

export WORKON_HOME="${WORKON_HOME:-$HOME/.virtualenvs}"
export VIRTUALENVWRAPPER_PYTHON="${VIRTUALENVWRAPPER_PYTHON:-/usr/bin/python3}"
export VIRTUALENVWRAPPER_VIRTUALENV="${VIRTUALENVWRAPPER_VIRTUALENV:-/usr/bin/virtualenv}"

# virtualenvwrapper writes its hook scripts (premkvirtualenv, postactivate...)
# into VIRTUALENVWRAPPER_HOOK_DIR (default: WORKON_HOME). If that cannot be
# created (read-only or missing HOME), use a per-uid directory under /tmp so
# that sourcing never fails.
if ! mkdir -p "$WORKON_HOME" 2>/dev/null || [ ! -w "$WORKON_HOME" ]; then
    export VIRTUALENVWRAPPER_HOOK_DIR="${TMPDIR:-/tmp}/virtualenvwrapper-hooks-$(id -u)"
    mkdir -p "$VIRTUALENVWRAPPER_HOOK_DIR" 2>/dev/null
fi

if [ -r /usr/share/virtualenvwrapper/virtualenvwrapper.sh ]; then
    . /usr/share/virtualenvwrapper/virtualenvwrapper.sh
fi
