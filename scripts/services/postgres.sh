# Sourced by scripts/test: starts a throw-away PostgreSQL 15 on loopback (port
# SPYGLASS_TEST_PG_PORT, default 5440) in a temporary directory, exports
# SPYGLASS_TEST_POSTGRES_URL, and registers its stop for the exit trap.
# A URL already in the environment is used as it is (nothing is started).

postgres_start() {
  if [ -n "${SPYGLASS_TEST_POSTGRES_URL:-}" ]; then
    echo "scripts/test: using PostgreSQL at ${SPYGLASS_TEST_POSTGRES_URL%%@*}@…"
    return 0
  fi
  local pgbin port
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
    echo "scripts/test: PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin)" >&2
    return 1
  fi
  port=${SPYGLASS_TEST_PG_PORT:-5440}
  # PostgreSQL refuses to run as root, and every parent of its data directory must be
  # traversable by the user running it: a directory under /tmp owned by that user.
  PG_DIR=$(mktemp -d /tmp/spyglass-pg.XXXXXX)
  local as_user=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$PG_DIR"
    as_user=(runuser -u postgres --)
  fi
  PG_CTL=("${as_user[@]}" "$pgbin/pg_ctl")
  "${as_user[@]}" "$pgbin/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${PG_CTL[@]}" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400 -c shared_buffers=256MB" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  export SPYGLASS_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable"
  echo "scripts/test: PostgreSQL started on 127.0.0.1:${port} ($PG_DIR)"
}

postgres_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    "${PG_CTL[@]}" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
