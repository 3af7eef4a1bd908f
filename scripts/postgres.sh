# A private, throw-away PostgreSQL server for the tests. Sourced by scripts/test.sh:
#   source scripts/postgres.sh; recsys_pg_start; trap recsys_pg_stop EXIT
# recsys_pg_start installs Debian's server when it is missing (apt-get, as root), initdb's a cluster in a fresh
# temp folder, starts it listening only on a Unix socket inside that folder (no TCP port, so nothing collides with
# another server or another test run) and exports RECSYS_TEST_POSTGRES, an Npgsql connection string.
# recsys_pg_stop stops it and deletes the folder. PostgreSQL refuses to run as root: as root the cluster belongs
# to the 'postgres' system user (created by the Debian package) and runs through runuser.

recsys_pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$bin" ] && [ -x "$bin/initdb" ]; then
    echo "$bin"
  fi
}

recsys_pg_install() {
  if [ -n "$(recsys_pg_bin)" ]; then
    return 0
  fi
  echo "postgres.sh: installing Debian's PostgreSQL server (apt-get install postgresql)" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "postgres.sh: PostgreSQL is missing and this user cannot install it (not root, no sudo)" >&2; return 1; }
    sudo="sudo"
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  [ -n "$(recsys_pg_bin)" ] || { echo "postgres.sh: apt-get installed no PostgreSQL server" >&2; return 1; }
}

# Runs a PostgreSQL program as the cluster's owner.
recsys_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

recsys_pg_start() {
  recsys_pg_install
  local bin
  bin=$(recsys_pg_bin)
  RECSYS_PG_DIR=$(mktemp -d /tmp/recsys-pg.XXXXXX)
  export RECSYS_PG_DIR
  chmod 755 "$RECSYS_PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$RECSYS_PG_DIR"
  fi
  recsys_pg_as_owner "$bin/initdb" -D "$RECSYS_PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$RECSYS_PG_DIR/initdb.log" 2>&1 \
    || { cat "$RECSYS_PG_DIR/initdb.log" >&2; return 1; }
  # Test server: no TCP, socket in the private folder; durability is not needed for data the tests throw away.
  recsys_pg_as_owner "$bin/pg_ctl" -D "$RECSYS_PG_DIR/data" -l "$RECSYS_PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$RECSYS_PG_DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null \
    || { cat "$RECSYS_PG_DIR/server.log" >&2; return 1; }
  export RECSYS_TEST_POSTGRES="Host=$RECSYS_PG_DIR;Username=postgres;Database=postgres"
  echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') running on socket $RECSYS_PG_DIR (RECSYS_TEST_POSTGRES)" >&2
}

recsys_pg_stop() {
  if [ -n "${RECSYS_PG_DIR:-}" ] && [ -d "$RECSYS_PG_DIR/data" ]; then
    recsys_pg_as_owner "$(recsys_pg_bin)/pg_ctl" -D "$RECSYS_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$RECSYS_PG_DIR"
  fi
  unset RECSYS_PG_DIR
}
