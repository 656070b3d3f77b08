#!/bin/bash
# A console's program, started by tmux in the account's console container. The worker says what to run in
# PANEL_CONSOLE_* variables (tmux new-session -e), never spliced into a command line.

# The account's API token for consoles, written by panel-api when the account uses API tokens.
if [ -r "$HOME/.panel-api-token" ]; then
    API_TOKEN="$(cat "$HOME/.panel-api-token")"
    export API_TOKEN
fi

rcfile=/opt/panel-console/bashrc
case "${PANEL_CONSOLE_KIND:-}" in
    bash)
        exec bash --rcfile "$rcfile" -i
        ;;
    python)
        exec "python${PANEL_CONSOLE_PYTHON}"
        ;;
    mysql)
        if [ ! -r "$HOME/.my.cnf" ]; then
            echo "MySQL is not set up for this account yet: set up MySQL on the Databases tab, then restart this console."
            exit 1
        fi
        # The password comes from the option file, never from the command line.
        exec mysql --defaults-file="$HOME/.my.cnf" "$PANEL_CONSOLE_DATABASE"
        ;;
    postgres)
        if [ ! -r "$HOME/.pgpass" ]; then
            echo "PostgreSQL is not set up for this account yet: set up PostgreSQL on the Databases tab, then restart this console."
            exit 1
        fi
        export PGHOST="${PGHOST:-postgres.panel.internal}" PGUSER="${PGUSER:-$USER}"
        if [ -n "${PANEL_CONSOLE_DATABASE:-}" ]; then
            exec psql "$PANEL_CONSOLE_DATABASE"
        fi
        exec psql
        ;;
    custom)
        # Interactive, so that the command sees what a bash console has (virtualenvwrapper's workon, aliases).
        exec bash --rcfile "$rcfile" -i -c "$PANEL_CONSOLE_COMMAND"
        ;;
    *)
        echo "Unknown console kind: ${PANEL_CONSOLE_KIND:-}" >&2
        exit 2
        ;;
esac
