# Shared helpers for scripts/setup.sh, scripts/start.sh and scripts/test.sh (sourced, not run).

# Set-up's own setting (not the platform's, so not in libs/config); see README, Settings.
PANEL_SERVICE_LOG_DIR="${PANEL_SERVICE_LOG_DIR:-/var/log/panel}"

say() { printf '\033[1;32m[panel]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[panel]\033[0m %s\n' "$*" >&2; exit 1; }

# A platform setting's effective value (environment, then the env file, then the default), read as panel-api and the
# worker read it; `panel_setting --default NAME` gives the default. Settings are defined once, in libs/config, so this
# works only after ensure_server_build; use it in an assignment (`x=$(panel_setting NAME)`) so a bad value stops set-up.
panel_setting() { node libs/config/dist/cli/print-setting.js "$@"; }

# Waits until a command succeeds, up to N seconds.
wait_for() {
  local seconds=$1 what=$2; shift 2
  for _ in $(seq 1 $((seconds * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  fail "$what did not come up within ${seconds}s (logs in $PANEL_SERVICE_LOG_DIR)"
}

# Starts a daemon detached from this terminal, so Ctrl-C on `npm start` stops only the platform's own processes.
start_daemon() {
  local name=$1; shift
  mkdir -p "$PANEL_SERVICE_LOG_DIR"
  say "starting $name"
  setsid -f "$@" >>"$PANEL_SERVICE_LOG_DIR/$name.log" 2>&1 </dev/null
}

ensure_apt_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v mariadbd >/dev/null || missing+=(mariadb-server)
  command -v mysqldump >/dev/null || missing+=(mariadb-client)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v caddy >/dev/null || missing+=(caddy)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v tmux >/dev/null || missing+=(tmux)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
  command -v curl >/dev/null || missing+=(curl)
  command -v rsync >/dev/null || missing+=(rsync)
  command -v setsid >/dev/null || missing+=(util-linux)
  [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

ensure_dockerd() {
  if docker info >/dev/null 2>&1; then return; fi
  if [ -d /run/systemd/system ]; then systemctl start docker; else start_daemon dockerd dockerd; fi
  wait_for 60 dockerd docker info
}

mysql_root() { mariadb --protocol=socket -uroot "$@"; }

ensure_mariadb() {
  if mysqladmin --protocol=socket -uroot ping >/dev/null 2>&1; then return; fi
  if [ -d /run/systemd/system ]; then
    systemctl start mariadb
  else
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
    if [ ! -d /var/lib/mysql/mysql ]; then
      say "initialising MariaDB's data directory"
      mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
    fi
    start_daemon mariadb mysqld_safe --user=mysql
  fi
  wait_for 60 MariaDB mysqladmin --protocol=socket -uroot ping
}

# The bridge network for account containers, made here so MariaDB can listen on its gateway: inter-container
# traffic is off, so one account's containers cannot reach another's.
ensure_user_network() {
  local network
  network=$(panel_setting PANEL_USER_NETWORK)
  if ! docker network inspect "$network" >/dev/null 2>&1; then
    say "creating the Docker network $network"
    docker network create --driver bridge --label panel.network=users \
      --opt com.docker.network.bridge.enable_icc=false "$network" >/dev/null
  fi
}

user_network_gateway() {
  local network
  network=$(panel_setting PANEL_USER_NETWORK)
  docker network inspect -f '{{(index .IPAM.Config 0).Gateway}}' "$network"
}

# Users' containers reach MariaDB on their network's gateway (as their own MySQL users); nothing else does.
ensure_mariadb_bind_address() {
  local conf=/etc/mysql/mariadb.conf.d/60-panel.cnf gateway wanted
  gateway=$(user_network_gateway)
  wanted=$(printf '[mysqld]\nbind-address = 127.0.0.1,%s\nskip-name-resolve\n' "$gateway")
  if [ "$(cat "$conf" 2>/dev/null)" != "$wanted" ]; then
    say "MariaDB will listen on 127.0.0.1 and $gateway (the containers' gateway)"
    printf '%s\n' "$wanted" >"$conf"
    if mysqladmin --protocol=socket -uroot ping >/dev/null 2>&1; then
      say "restarting MariaDB"
      if [ -d /run/systemd/system ]; then systemctl restart mariadb; else
        mysqladmin --protocol=socket -uroot shutdown
        ensure_mariadb
      fi
    fi
  fi
}

# Caddy serves hosted apps; only the worker configures it, through the admin API on loopback.
ensure_caddy() {
  local admin
  admin=$(panel_setting PANEL_CADDY_ADMIN_URL)
  if curl -sf "$admin/config/" >/dev/null 2>&1; then return; fi
  mkdir -p /var/lib/panel-caddy/config /var/lib/panel-caddy/data
  chown -R caddy:caddy /var/lib/panel-caddy 2>/dev/null || true
  start_daemon caddy env XDG_CONFIG_HOME=/var/lib/panel-caddy/config XDG_DATA_HOME=/var/lib/panel-caddy/data \
    runuser -u caddy -- caddy run --resume
  wait_for 30 Caddy curl -sf "$admin/config/"
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then return; fi
  if [ -d /run/systemd/system ]; then
    systemctl start redis-server
  else
    mkdir -p /var/lib/redis
    start_daemon redis redis-server --bind 127.0.0.1 --port 6379 --dir /var/lib/redis --appendonly yes
  fi
  wait_for 30 Redis redis-cli -h 127.0.0.1 ping
}

ensure_postgresql() {
  local version
  version=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
  [ -n "$version" ] || return 0
  if pg_isready -q -h 127.0.0.1 2>/dev/null; then return; fi
  if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
    pg_createcluster "$version" main >/dev/null
  fi
  mkdir -p /var/run/postgresql && chown postgres:postgres /var/run/postgresql
  say "starting PostgreSQL $version"
  pg_ctlcluster "$version" main start >/dev/null 2>&1 || true
  wait_for 60 PostgreSQL pg_isready -q -h 127.0.0.1
}

postgres_psql() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@"; }

user_network_subnet() {
  local network
  network=$(panel_setting PANEL_USER_NETWORK)
  docker network inspect -f '{{(index .IPAM.Config 0).Subnet}}' "$network"
}

# Users' containers reach PostgreSQL on their network's gateway, as their own roles (members of panel_accounts) with
# a password (scram-sha-256); the postgres superuser and the panel's role are refused from there.
ensure_postgresql_user_access() {
  command -v pg_lsclusters >/dev/null || return 0
  local version gateway subnet hba wanted current restart=no
  version=$(pg_lsclusters -h | awk '$2 == "main" { print $1; exit }')
  [ -n "$version" ] || return 0
  gateway=$(user_network_gateway)
  subnet=$(user_network_subnet)
  postgres_psql -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'panel_accounts') THEN CREATE ROLE panel_accounts NOLOGIN; END IF; END \$\$;"
  if [ "$(postgres_psql -Atc 'SHOW listen_addresses')" != "localhost,$gateway" ]; then
    say "PostgreSQL will listen on localhost and $gateway (the containers' gateway)"
    postgres_psql -c "ALTER SYSTEM SET listen_addresses = 'localhost,$gateway'"
    restart=yes
  fi
  hba=$(postgres_psql -Atc 'SHOW hba_file')
  wanted=$(printf '# BEGIN panel: account roles from the user network (written by scripts/setup.sh)\nhost all postgres,panel %s reject\nhost all +panel_accounts %s scram-sha-256\n# END panel' "$subnet" "$subnet")
  current=$(awk '/^# BEGIN panel/ { inside = 1 } inside { print } /^# END panel/ { exit }' "$hba")
  if [ "$current" != "$wanted" ]; then
    say "allowing account roles from $subnet in $hba"
    { printf '%s\n' "$wanted"; awk '/^# BEGIN panel/ { skip = 1 } !skip { print } /^# END panel/ { skip = 0 }' "$hba"; } >"$hba.panel-new"
    chown --reference="$hba" "$hba.panel-new" && chmod --reference="$hba" "$hba.panel-new" && mv "$hba.panel-new" "$hba"
    [ "$restart" = yes ] || pg_ctlcluster "$version" main reload
  fi
  if [ "$restart" = yes ]; then
    say "restarting PostgreSQL"
    pg_ctlcluster "$version" main restart
    wait_for 60 PostgreSQL pg_isready -q -h 127.0.0.1
  fi
}

# The panel's PostgreSQL role creates account roles and databases (CREATEDB CREATEROLE, never a superuser); it logs in
# with a password from 127.0.0.1 only. No one else may connect to the maintenance databases. It is never a member of
# panel_accounts (the accounts' group, which pg_hba.conf lets in from the user network): up to PostgreSQL 15 CREATEROLE
# alone lets it put roles in that group, and a membership an older setup granted is revoked; from 16 on CREATEROLE
# needs the ADMIN option, which comes as a membership row, so it gets only that (INHERIT FALSE, SET FALSE).
ensure_panel_postgres_role() {
  command -v pg_lsclusters >/dev/null || return 0
  local url password accounts_grant
  url=$(panel_setting PANEL_POSTGRES_URL)
  password=$(node -e 'const u=new URL(process.argv[1]);process.stdout.write(decodeURIComponent(u.password))' "$url")
  [[ "$password" =~ ^[A-Za-z0-9_-]+$ ]] || fail "PANEL_POSTGRES_URL: use a password of letters, digits, '_' or '-'"
  if [ "$(postgres_psql -Atc 'SHOW server_version_num')" -ge 160000 ]; then
    accounts_grant='GRANT panel_accounts TO panel WITH ADMIN OPTION, INHERIT FALSE, SET FALSE;'
  else
    accounts_grant="DO \$\$ BEGIN IF EXISTS (SELECT FROM pg_auth_members WHERE member = 'panel'::regrole AND roleid = 'panel_accounts'::regrole) THEN REVOKE panel_accounts FROM panel; END IF; END \$\$;"
  fi
  postgres_psql <<SQL
DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'panel') THEN CREATE ROLE panel; END IF; END \$\$;
ALTER ROLE panel LOGIN CREATEDB CREATEROLE NOSUPERUSER PASSWORD '${password}';
REVOKE ALL ON DATABASE postgres FROM PUBLIC;
REVOKE ALL ON DATABASE template1 FROM PUBLIC;
GRANT CONNECT ON DATABASE postgres TO panel;
${accounts_grant}
SQL
  local db
  while IFS= read -r db; do
    postgres_hide_others_sessions_sql | postgres_psql -d "$db"
  done < <(postgres_psql -Atc 'SELECT datname FROM pg_database WHERE datallowconn')
}

# Run in every database (template1 too, so in every database made from it): account roles do not see other sessions
# (who is connected to which database, from where, since when: pg_stat_activity, pg_locks and the functions under
# them) nor other databases' statistics (pg_stat_database). The new privileges are also recorded as the objects'
# initial ones (pg_init_privs), so pg_dump of an account's database does not emit REVOKEs on pg_catalog objects that
# the account could not run when restoring it. pg_database and pg_roles stay readable: psql, pg_dump and the drivers
# read them (README, Databases).
postgres_hide_others_sessions_sql() {
  cat <<'SQL'
DO $$
DECLARE
  obj record;
BEGIN
  FOR obj IN
    SELECT 'pg_catalog.pg_class'::regclass AS catalog, c.oid, format('TABLE %s', c.oid::regclass) AS target
      FROM pg_catalog.pg_class c
     WHERE c.relnamespace = 'pg_catalog'::regnamespace
       AND c.relname IN ('pg_stat_activity', 'pg_locks', 'pg_stat_database', 'pg_stat_database_conflicts')
    UNION ALL
    SELECT 'pg_catalog.pg_proc'::regclass, p.oid, format('FUNCTION %s', p.oid::regprocedure)
      FROM pg_catalog.pg_proc p
     WHERE p.pronamespace = 'pg_catalog'::regnamespace
       AND (p.proname IN ('pg_stat_get_activity', 'pg_lock_status') OR p.proname LIKE 'pg\_stat\_get\_backend\_%' OR p.proname LIKE 'pg\_stat\_get\_db\_%')
  LOOP
    EXECUTE format('REVOKE ALL ON %s FROM PUBLIC', obj.target);
    DELETE FROM pg_catalog.pg_init_privs WHERE classoid = obj.catalog AND objoid = obj.oid AND objsubid = 0;
    INSERT INTO pg_catalog.pg_init_privs (objoid, classoid, objsubid, privtype, initprivs)
      SELECT obj.oid, obj.catalog, 0, 'i', acls.acl
        FROM (SELECT relacl AS acl FROM pg_catalog.pg_class WHERE obj.catalog = 'pg_catalog.pg_class'::regclass AND oid = obj.oid
              UNION ALL
              SELECT proacl FROM pg_catalog.pg_proc WHERE obj.catalog = 'pg_catalog.pg_proc'::regclass AND oid = obj.oid) acls
       WHERE acls.acl IS NOT NULL;
  END LOOP;
END
$$;
SQL
}

# The operator's settings file: generated secrets that must survive restarts (the panel's MySQL and PostgreSQL
# passwords, put into the settings' default URLs). Lines are only ever added, so an operator's own lines stay.
ensure_panel_env_file() {
  local file wrote=no name url
  file=$(panel_setting PANEL_ENV_FILE)
  mkdir -p "$(dirname "$file")"
  for name in PANEL_DATABASE_URL PANEL_POSTGRES_URL; do
    grep -q "^$name=" "$file" 2>/dev/null && continue
    [ -s "$file" ] || echo "# Written by scripts/setup.sh. Environment variables override these lines." | (umask 077; cat >>"$file")
    url=$(panel_setting --default "$name")
    url=$(url_with_password "$url" "$(random_hex 24)")
    echo "$name=$url" | (umask 077; cat >>"$file")
    wrote=yes
  done
  if [ "$wrote" = yes ]; then say "wrote $file"; fi
}

random_hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }

url_with_password() { node -e 'const u=new URL(process.argv[1]);u.password=process.argv[2];process.stdout.write(u.href)' "$1" "$2"; }

# The panel's MySQL user may only connect from this host (never from users' containers) and needs GRANT OPTION
# because it provisions one MySQL user per account.
ensure_panel_mysql_user() {
  local url password database
  url=$(panel_setting PANEL_DATABASE_URL)
  password=$(node -e 'const u=new URL(process.argv[1]);process.stdout.write(decodeURIComponent(u.password))' "$url")
  database=$(node -e 'const u=new URL(process.argv[1]);process.stdout.write(u.pathname.slice(1))' "$url")
  mysql_root <<SQL
CREATE USER IF NOT EXISTS 'panel'@'localhost' IDENTIFIED BY '${password}';
CREATE USER IF NOT EXISTS 'panel'@'127.0.0.1' IDENTIFIED BY '${password}';
ALTER USER 'panel'@'localhost' IDENTIFIED BY '${password}';
ALTER USER 'panel'@'127.0.0.1' IDENTIFIED BY '${password}';
GRANT ALL PRIVILEGES ON *.* TO 'panel'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'panel'@'127.0.0.1' WITH GRANT OPTION;
CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
SQL
}

# npm dependencies: installed from the lockfile when node_modules is missing or older than the lockfile.
ensure_npm_dependencies() {
  if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then return; fi
  say "installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
}

# The server build is incremental (tsc -b); the dashboard is rebuilt when its sources are newer than its bundle.
ensure_server_build() {
  say "building the server"
  npx tsc -b tsconfig.json
}

ensure_ui_build() {
  if [ ! -f apps/panel-ui/dist/index.html ] || [ -n "$(find apps/panel-ui/src apps/panel-ui/index.html libs/contracts/src -newer apps/panel-ui/dist/index.html -print -quit)" ]; then
    say "building the dashboard"
    npm run build --silent -w @panel/panel-ui
  fi
}

# Validates the environment before anything is installed or started; a bad value names its variable.
check_config() {
  node libs/config/dist/check.js >/dev/null
}

run_panel_migrations() {
  node libs/database/dist/cli/run-migrations.js
}

ensure_runtime_images() {
  # shellcheck disable=SC2086
  bash runtime-images/build.sh $1
}

# A scratch platform for tests and benchmarks: its own data directory, the panel_test database, Redis database 1,
# its own API port and its own Caddy (admin :2119, apps :8180), so a platform running on this machine is untouched.
# PANEL_TEST_DB, PANEL_TEST_REDIS_DB, PANEL_TEST_NODE_ID and PANEL_TEST_*_PORT let several scratch platforms run at once.
enter_scratch_environment() {
  url=$(panel_setting PANEL_DATABASE_URL)
  test_db="${PANEL_TEST_DB:-panel_test}"
  scratch_live_database_url="$url"
  export PANEL_DATABASE_URL="${url%/*}/${test_db}"
  export PANEL_DATA_DIR="$(mktemp -d /tmp/panel-test.XXXXXX)"
  export PANEL_RUNTIME_DIR="$PANEL_DATA_DIR.node"
  local redis_db="${PANEL_TEST_REDIS_DB:-1}"
  export REDIS_URL="redis://127.0.0.1:6379/${redis_db}"
  export PANEL_NODE_ID="${PANEL_TEST_NODE_ID:-test-node}"
  export PANEL_API_PORT="${PANEL_TEST_API_PORT:-3100}"
  export PANEL_LOG_LEVEL=warn
  # Tests make many PythonAnywhere API calls per endpoint; the rate-limit test sets its own limits.
  export PANEL_PA_RATE_LIMIT_PER_MINUTE="${PANEL_PA_RATE_LIMIT_PER_MINUTE:-1000000}"
  export PANEL_PA_SEND_INPUT_RATE_LIMIT_PER_MINUTE="${PANEL_PA_SEND_INPUT_RATE_LIMIT_PER_MINUTE:-1000000}"
  # A Caddy of the tests' own, so the tests never touch the routes of a platform running on this machine.
  export PANEL_CADDY_ADMIN_URL="http://127.0.0.1:${PANEL_TEST_CADDY_ADMIN_PORT:-2119}"
  export PANEL_APPS_PORT="${PANEL_TEST_APPS_PORT:-8180}"
  if curl -sf "$PANEL_CADDY_ADMIN_URL/config/" >/dev/null 2>&1; then
    fail "something already answers on $PANEL_CADDY_ADMIN_URL: another scratch platform? Set PANEL_TEST_CADDY_ADMIN_PORT."
  fi
  caddy_config="$PANEL_DATA_DIR/caddy.json"
  printf '{"admin":{"listen":"%s"}}' "${PANEL_CADDY_ADMIN_URL#http://}" >"$caddy_config"
  XDG_CONFIG_HOME="$PANEL_DATA_DIR/caddy" XDG_DATA_HOME="$PANEL_DATA_DIR/caddy" caddy run --config "$caddy_config" >"$PANEL_DATA_DIR/caddy.log" 2>&1 &
  caddy_pid=$!
  trap 'leave_scratch_environment' EXIT
  wait_for 30 "the tests' Caddy" curl -sf "$PANEL_CADDY_ADMIN_URL/config/"

  mysql_root -e "DROP DATABASE IF EXISTS \`${test_db}\`; CREATE DATABASE \`${test_db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
  redis-cli -n "$redis_db" FLUSHDB >/dev/null
  node libs/database/dist/cli/run-migrations.js >/dev/null
}

leave_scratch_environment() {
  kill "$caddy_pid" 2>/dev/null || true
  # The scratch platform's containers (web apps keep running on their own) go with it: those with its instance id.
  local instance
  instance=$(mysql_root -N -e "SELECT instance_id FROM \`${test_db}\`.platform_instance" 2>/dev/null || true)
  if [[ -n "$instance" ]]; then
    docker ps -aq --filter "label=panel.instance=${instance}" | xargs -r docker rm -f >/dev/null 2>&1 || true
  fi
  # So are its accounts' MySQL users, PostgreSQL roles and their databases (server-wide, unlike the scratch schema).
  PANEL_LIVE_DATABASE_URL="$scratch_live_database_url" node apps/panel-api/dist/cli/drop-account-databases.js || true
  rm -rf "$PANEL_DATA_DIR" "$PANEL_RUNTIME_DIR"
}
