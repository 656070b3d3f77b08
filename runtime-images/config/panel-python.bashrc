# panel runtime image: interactive bash setup (sourced from /etc/bash.bashrc).
# Works for any uid, with or without an /etc/passwd entry, as long as $HOME
# is set (the platform sets HOME=/home/<user>).

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
