#!/usr/bin/env bash
# rabbitmq.sh installs Debian's rabbitmq-server and starts it on loopback only,
# for the examples module's integration tests (examples/internal/opencti/...).
#
# Idempotent and non-interactive: a second call on a machine where the broker
# already answers only checks it and prints the URL. Needs root (apt-get, and
# the broker runs as Debian's "rabbitmq" user through the package's wrapper).
#
# It exports nothing. The tests read PTSTIX_AMQP_URL; the caller sets it, e.g.
#   .ci/rabbitmq.sh && export PTSTIX_AMQP_URL=amqp://guest:guest@127.0.0.1:5672/
# Tests that restart the broker for real also need `rabbitmqctl` on PATH (root).
set -euo pipefail

PORT=5672
URL="amqp://guest:guest@127.0.0.1:${PORT}/"
ETC=/etc/rabbitmq
# Everything stays on 127.0.0.1: the AMQP listener, epmd, and Erlang
# distribution (server and CLI tools). The node name uses "localhost" so the
# CLI finds the node whatever the machine's hostname resolves to.
ENV_CONF="# Written by .ci/rabbitmq.sh (ptstix CI): a broker reachable from this machine only.
NODENAME=rabbit@localhost
NODE_IP_ADDRESS=127.0.0.1
NODE_PORT=${PORT}
SERVER_ADDITIONAL_ERL_ARGS=\"-kernel inet_dist_use_interface {127,0,0,1}\"
CTL_ERL_ARGS=\"-kernel inet_dist_use_interface {127,0,0,1}\"
ERL_EPMD_ADDRESS=127.0.0.1
export ERL_EPMD_ADDRESS"
CONF="# Written by .ci/rabbitmq.sh (ptstix CI).
listeners.tcp.1 = 127.0.0.1:${PORT}
# guest may connect, but from this machine only (RabbitMQ's default, made explicit).
loopback_users.guest = true"

export ERL_EPMD_ADDRESS=127.0.0.1
export DEBIAN_FRONTEND=noninteractive

log() { printf 'rabbitmq.sh: %s\n' "$*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null; }

# Config first, so that even a package postinst that starts the service
# (no policy-rc.d) brings it up on loopback.
mkdir -p "$ETC"
write_if_changed() { # file content
	if [ ! -f "$1" ] || [ "$(cat "$1")" != "$2" ]; then printf '%s\n' "$2" >"$1"; fi
}
write_if_changed "$ETC/rabbitmq-env.conf" "$ENV_CONF"
write_if_changed "$ETC/rabbitmq.conf" "$CONF"

if ! command -v rabbitmq-server >/dev/null 2>&1 && [ ! -x /usr/sbin/rabbitmq-server ]; then
	log "installing rabbitmq-server"
	apt-get update -qq
	apt-get install -y -qq -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
		rabbitmq-server >/dev/null
fi
PATH="$PATH:/usr/sbin:/usr/lib/rabbitmq/bin"

if port_open && rabbitmqctl -q status >/dev/null 2>&1; then
	log "already running"
elif rabbitmqctl -q status >/dev/null 2>&1; then
	# The node is up but its app was stopped (rabbitmqctl stop_app).
	log "starting the stopped app"
	rabbitmqctl -q start_app
	rabbitmqctl -q await_startup --timeout 60 >/dev/null
else
	# epmd first, bound to loopback, so no later Erlang VM starts one on all interfaces.
	EPMD=$(command -v epmd || ls /usr/lib/erlang/erts-*/bin/epmd 2>/dev/null | head -n1 || true)
	[ -n "$EPMD" ] && "$EPMD" -address 127.0.0.1 -daemon || true
	mkdir -p /var/log/rabbitmq
	log "starting"
	setsid nohup rabbitmq-server >>/var/log/rabbitmq/ptstix-start.log 2>&1 </dev/null &
	for _ in $(seq 1 90); do
		if port_open && rabbitmqctl -q await_startup --timeout 5 >/dev/null 2>&1; then break; fi
		sleep 1
	done
	if ! port_open; then
		log "broker did not start; last log lines:"
		tail -n 30 /var/log/rabbitmq/ptstix-start.log >&2 || true
		exit 1
	fi
fi

# The default vhost "/" and guest/guest exist on a fresh node; make sure they
# still do (an earlier run or an operator may have removed them).
rabbitmqctl -q list_vhosts 2>/dev/null | grep -qx '/' || rabbitmqctl -q add_vhost /
rabbitmqctl -q list_users 2>/dev/null | grep -q '^guest' || {
	rabbitmqctl -q add_user guest guest
	rabbitmqctl -q set_user_tags guest administrator
}
rabbitmqctl -q set_permissions -p / guest '.*' '.*' '.*' >/dev/null

log "ready: $(rabbitmqctl -q eval 'rabbit_misc:version().' 2>/dev/null | tr -d '"') on 127.0.0.1:${PORT}"
echo "PTSTIX_AMQP_URL=${URL}"
