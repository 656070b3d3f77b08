#!/bin/bash
# A console's program, started by tmux in the account's console container. The worker says what to run in
# PANEL_CONSOLE_* variables (passed as env's arguments), never spliced into a command line.
#
# The program runs as a child of this script, which then records its exit status as the pane option @panel_exit
# (the worker reads it) and keeps the pane open, so the output stays on screen until the console is restarted or
# killed. (tmux's own remain-on-exit does not always learn a program's exit status.)

# The account's API token for consoles, written by panel-api when the account uses API tokens.
if [ -r "$HOME/.panel-api-token" ]; then
    API_TOKEN="$(cat "$HOME/.panel-api-token")"
    export API_TOKEN
fi

rcfile=/opt/panel-console/bashrc

# virtualenvwrapper announces each hook script it creates in a new ~/.virtualenvs: let it do that quietly, once.
if [ ! -e "${WORKON_HOME:-$HOME/.virtualenvs}/get_env_details" ] && [ -r /etc/panel-python.bashrc ]; then
    (. /etc/panel-python.bashrc) >/dev/null 2>&1
fi

program() {
    case "${PANEL_CONSOLE_KIND:-}" in
        bash)
            bash --rcfile "$rcfile" -i
            ;;
        python)
            "python${PANEL_CONSOLE_PYTHON}"
            ;;
        mysql)
            if [ ! -r "$HOME/.my.cnf" ]; then
                echo "MySQL is not set up for this account yet: set up MySQL on the Databases tab, then restart this console."
                return 1
            fi
            # The password comes from the option file, never from the command line.
            mysql --defaults-file="$HOME/.my.cnf" "$PANEL_CONSOLE_DATABASE"
            ;;
        postgres)
            if [ ! -r "$HOME/.pgpass" ]; then
                echo "PostgreSQL is not set up for this account yet: set up PostgreSQL on the Databases tab, then restart this console."
                return 1
            fi
            # PGHOST, PGPORT, PGUSER and PGPASSFILE come with the container; the password from ~/.pgpass.
            psql ${PANEL_CONSOLE_DATABASE:+"$PANEL_CONSOLE_DATABASE"}
            ;;
        custom)
            # Interactive, so that the command sees what a bash console has (virtualenvwrapper's workon, aliases).
            bash --rcfile "$rcfile" -i -c "$PANEL_CONSOLE_COMMAND"
            ;;
        *)
            echo "Unknown console kind: ${PANEL_CONSOLE_KIND:-}" >&2
            return 2
            ;;
    esac
}

# Ctrl-C is for the program: a handler (not "ignore", which children would inherit) keeps this script waiting.
trap ':' INT QUIT
program
status=$?
tmux set-option -p @panel_exit "$status" 2>/dev/null
printf '\r\n[Process exited with status %d]\r\n' "$status"
exec sleep infinity
