#!/usr/bin/env bash
# rabbitmq.sh installs Debian's rabbitmq-server and starts it on loopback only,
# for the integration tests of the opencti module (opencti/...) and the examples.
#
# Idempotent and non-interactive: a second call on a machine where the broker
# already answers only checks it and prints the URL. Needs root (apt-get, and
# the broker runs as Debian's "rabbitmq" user through the package's wrapper).
#
# It exports nothing. The tests read PTSTIX_AMQP_URL; the caller sets it, e.g.
#   .ci/rabbitmq.sh && export PTSTIX_AMQP_URL=amqp://guest:guest@127.0.0.1:5672/
# Tests that restart the broker for real also need `rabbitmqctl` on PATH (root).
#
# A second listener speaks TLS on 127.0.0.1:5671, for the tests of MQ_USE_SSL*. Its
# certificates are made here with openssl, once, under $TLS_DIR: a CA of this machine
# only, a server certificate for localhost/127.0.0.1, and a client certificate whose key
# is encrypted with the passphrase in $TLS_DIR/passphrase (PKCS#8, OpenSSL's default,
# and the traditional PEM form). The broker verifies a client certificate when one is
# given and accepts connections without one. The tests read PTSTIX_AMQPS_URL and
# PTSTIX_AMQP_TLS_DIR (.ci/run sets them). On a broker already running without that
# listener, it is added live (rabbitmqctl eval): plain 5672 is never restarted.
set -euo pipefail

PORT=5672
TLS_PORT=5671
URL="amqp://guest:guest@127.0.0.1:${PORT}/"
ETC=/etc/rabbitmq
TLS_DIR="$ETC/ptstix-tls"
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
loopback_users.guest = true
listeners.ssl.1 = 127.0.0.1:${TLS_PORT}
ssl_options.cacertfile = ${TLS_DIR}/ca.pem
ssl_options.certfile = ${TLS_DIR}/server.pem
ssl_options.keyfile = ${TLS_DIR}/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = false"

export ERL_EPMD_ADDRESS=127.0.0.1
export DEBIAN_FRONTEND=noninteractive

log() { printf 'rabbitmq.sh: %s\n' "$*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/${1:-$PORT}") 2>/dev/null; }

# make_certs writes the CI CA, the server's and a client's certificates, unless they
# are there and valid for another day. Nothing here is a secret worth more than this
# machine's loopback broker.
make_certs() {
	if [ -f "$TLS_DIR/client.pem" ] && [ -f "$TLS_DIR/client-traditional.key" ] &&
		openssl x509 -checkend 86400 -noout -in "$TLS_DIR/server.pem" >/dev/null 2>&1; then
		return
	fi
	log "making the CI TLS certificates in $TLS_DIR"
	if ! command -v openssl >/dev/null 2>&1; then
		apt-get update -qq && apt-get install -y -qq openssl >/dev/null
	fi
	local tmp
	tmp=$(mktemp -d)
	(
		cd "$tmp"
		echo "ptstix-ci-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')" >passphrase
		openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 825 \
			-subj "/CN=ptstix CI CA (this machine only)" >/dev/null 2>&1
		openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" >/dev/null 2>&1
		printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
		openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 825 \
			-extfile server.ext >/dev/null 2>&1
		openssl req -newkey rsa:2048 -nodes -keyout client-plain.key -out client.csr -subj "/CN=ptstix-ci-client" >/dev/null 2>&1
		printf 'extendedKeyUsage=clientAuth\n' >client.ext
		openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 825 \
			-extfile client.ext >/dev/null 2>&1
		openssl pkey -in client-plain.key -aes256 -passout file:passphrase -out client.key
		openssl rsa -in client-plain.key -aes256 -traditional -passout file:passphrase -out client-traditional.key 2>/dev/null
		rm -f client-plain.key ./*.csr ./*.ext ./*.srl
	)
	mkdir -p "$TLS_DIR"
	cp "$tmp"/* "$TLS_DIR"/
	rm -rf "$tmp"
	# Readable by all: the broker reads server.key whether or not its user exists yet
	# (a package postinst may start it), and the tests read the client's files.
	chmod 0644 "$TLS_DIR"/*.pem "$TLS_DIR"/*.key "$TLS_DIR"/passphrase
	chmod 0600 "$TLS_DIR"/ca.key
}

# Config first, so that even a package postinst that starts the service
# (no policy-rc.d) brings it up on loopback.
mkdir -p "$ETC"
write_if_changed() { # file content
	if [ ! -f "$1" ] || [ "$(cat "$1")" != "$2" ]; then printf '%s\n' "$2" >"$1"; fi
}
write_if_changed "$ETC/rabbitmq-env.conf" "$ENV_CONF"
# The certificates the config names exist before any broker reads it.
make_certs
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

# A broker started before this listener was configured gets it live.
if ! port_open "$TLS_PORT"; then
	log "adding the TLS listener on 127.0.0.1:${TLS_PORT}"
	rabbitmqctl -q eval "rabbit_networking:start_ssl_listener({\"127.0.0.1\", ${TLS_PORT}},
		[{cacertfile, \"${TLS_DIR}/ca.pem\"}, {certfile, \"${TLS_DIR}/server.pem\"},
		 {keyfile, \"${TLS_DIR}/server.key\"}, {verify, verify_peer}, {fail_if_no_peer_cert, false}], 1)." >/dev/null
	for _ in $(seq 1 20); do port_open "$TLS_PORT" && break; sleep 0.5; done
	port_open "$TLS_PORT" || { log "the TLS listener did not come up"; exit 1; }
fi

log "ready: $(rabbitmqctl -q eval 'rabbit_misc:version().' 2>/dev/null | tr -d '"') on 127.0.0.1:${PORT}, TLS on ${TLS_PORT}"
echo "PTSTIX_AMQP_URL=${URL}"
echo "PTSTIX_AMQPS_URL=amqps://guest:guest@localhost:${TLS_PORT}/"
echo "PTSTIX_AMQP_TLS_DIR=${TLS_DIR}"
