# Sourced by scripts/test (and usable alone: `source scripts/services/rabbitmq.sh;
# rabbitmq_start`): starts a throw-away RabbitMQ on loopback (AMQP port
# SPYGLASS_TEST_AMQP_PORT, default 5690) in a temporary directory, with its own
# user and vhost, exports SPYGLASS_TEST_AMQP_URL and SPYGLASS_TEST_RABBITMQCTL (a
# script the fault tests call: `$SPYGLASS_TEST_RABBITMQCTL stop_app`, `start_app`,
# `close_connection …`), and registers its stop for the exit trap.
# A URL already in the environment is used as it is (nothing is started).

rabbitmq_start() {
  if [ -n "${SPYGLASS_TEST_AMQP_URL:-}" ]; then
    echo "scripts/test: using RabbitMQ at ${SPYGLASS_TEST_AMQP_URL##*@}"
    return 0
  fi
  if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
    echo "scripts/test: RabbitMQ not installed (apt-get install rabbitmq-server)" >&2
    return 1
  fi
  local port=${SPYGLASS_TEST_AMQP_PORT:-5690}
  RMQ_DIR=$(mktemp -d /tmp/spyglass-rmq.XXXXXX)
  # Debian's wrappers switch to the rabbitmq user (another HOME, another Erlang
  # cookie); the real scripts run as we are, with everything in one directory.
  cat >"$RMQ_DIR/env" <<ENV
export HOME=$RMQ_DIR RABBITMQ_NODENAME=spyglass-test@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$port RABBITMQ_DIST_PORT=$((port + 20000)) ERL_EPMD_ADDRESS=127.0.0.1
export ERL_EPMD_PORT=$((port + 1000))
export RABBITMQ_MNESIA_BASE=$RMQ_DIR/mnesia RABBITMQ_LOG_BASE=$RMQ_DIR/log RABBITMQ_PID_FILE=$RMQ_DIR/rabbit.pid
export RABBITMQ_ENABLED_PLUGINS_FILE=$RMQ_DIR/enabled_plugins RABBITMQ_CONFIG_FILE=$RMQ_DIR/rabbitmq
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
export PATH=/usr/lib/rabbitmq/bin:\$PATH
ENV
  echo '[].' >"$RMQ_DIR/enabled_plugins"
  cat >"$RMQ_DIR/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$port
loopback_users = none
CONF
  cat >"$RMQ_DIR/ctl" <<CTL
#!/usr/bin/env bash
source $RMQ_DIR/env
exec rabbitmqctl -n spyglass-test@localhost "\$@"
CTL
  chmod +x "$RMQ_DIR/ctl"
  ( source "$RMQ_DIR/env"; rabbitmq-server -detached >"$RMQ_DIR/start.log" 2>&1 ) \
    || { cat "$RMQ_DIR/start.log" >&2; return 1; }
  # `wait` follows the pid file until the application has booted (the node is not
  # registered with epmd at first, which is what `await_startup` needs).
  "$RMQ_DIR/ctl" wait "$RMQ_DIR/rabbit.pid" --timeout 120 >/dev/null \
    || { cat "$RMQ_DIR"/log/*.log >&2; return 1; }
  "$RMQ_DIR/ctl" add_vhost spyglass-test >/dev/null
  "$RMQ_DIR/ctl" add_user spyglass spyglass-test-password >/dev/null
  "$RMQ_DIR/ctl" set_permissions -p spyglass-test spyglass '.*' '.*' '.*' >/dev/null
  "$RMQ_DIR/ctl" set_user_tags spyglass administrator >/dev/null
  export SPYGLASS_TEST_AMQP_URL="amqp://spyglass:spyglass-test-password@127.0.0.1:${port}/spyglass-test"
  export SPYGLASS_TEST_RABBITMQCTL="$RMQ_DIR/ctl"
  echo "scripts/test: RabbitMQ started on 127.0.0.1:${port} ($RMQ_DIR)"
}

rabbitmq_stop() {
  if [ -n "${RMQ_DIR:-}" ] && [ -d "$RMQ_DIR" ]; then
    ( source "$RMQ_DIR/env"
      rabbitmqctl -n spyglass-test@localhost stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || true
      epmd -kill >/dev/null 2>&1 || true )
    rm -rf "$RMQ_DIR"
  fi
}
