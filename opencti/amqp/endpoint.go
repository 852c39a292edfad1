package amqp

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"strconv"
	"strings"
	"time"

	amqp091 "github.com/rabbitmq/amqp091-go"
)

// Endpoint is where a broker is and how to log in. Pass is a secret:
// String and LogValue omit it.
type Endpoint struct {
	Host  string // host name or address
	Port  int    // TCP port
	VHost string // RabbitMQ virtual host
	TLS   bool   // amqps
	User  string // user name
	Pass  string // password (secret)
	// TLSConfig is used when TLS is set; nil means the system defaults with
	// ServerName = Host.
	TLSConfig *tls.Config
}

// String describes the endpoint without the password.
func (e Endpoint) String() string {
	scheme := "amqp"
	if e.TLS {
		scheme = "amqps"
	}
	return fmt.Sprintf("%s://%s@%s/%s", scheme, e.User, net.JoinHostPort(e.Host, strconv.Itoa(e.Port)), e.VHost)
}

// LogValue keeps the password out of structured logs.
func (e Endpoint) LogValue() slog.Value { return slog.StringValue(e.String()) }

// Options tune a Publisher or Consumer; the zero value is usable.
type Options struct {
	// ConnectionName is shown by the broker (rabbitmqctl list_connections
	// client_properties); it helps operators and tests find the connection.
	ConnectionName string
	// Heartbeat defaults to 10 s, pycti's value.
	Heartbeat time.Duration
	// MinBackoff and MaxBackoff bound the wait between attempts to reach
	// the broker or to deliver a refused message (defaults 500 ms and 10 s;
	// pycti waits a flat 10 s).
	MinBackoff, MaxBackoff time.Duration
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// InFlight bounds the messages a Publisher has sent and not yet seen
	// confirmed (default 512).
	InFlight int
	// MaxRefusals is how many times in a row a Publisher lets the broker refuse
	// a message (unroutable or nacked) before it gives up (default 5, about 15 s
	// with the default backoff). A broker it cannot reach is retried until the
	// context ends.
	MaxRefusals int
}

func (o Options) withDefaults() Options {
	if o.Heartbeat <= 0 {
		o.Heartbeat = 10 * time.Second
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 500 * time.Millisecond
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = max(10*time.Second, o.MinBackoff)
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.InFlight <= 0 {
		o.InFlight = 512
	}
	if o.MaxRefusals <= 0 {
		o.MaxRefusals = 5
	}
	return o
}

// dial opens a connection. Errors never include the password: the URI is
// built here and only its redacted form is ever printed.
func dial(ctx context.Context, ep Endpoint, o Options) (*amqp091.Connection, error) {
	if ep.Host == "" || ep.Port == 0 {
		return nil, errors.New("amqp: endpoint has no host or port")
	}
	uri := amqp091.URI{Scheme: "amqp", Host: ep.Host, Port: ep.Port, Username: ep.User, Password: ep.Pass, Vhost: ep.VHost}
	if ep.TLS {
		uri.Scheme = "amqps"
	}
	cfg := amqp091.Config{
		Heartbeat:  o.Heartbeat,
		Locale:     "en_US",
		Properties: amqp091.NewConnectionProperties(),
		Dial: func(network, addr string) (net.Conn, error) {
			d := net.Dialer{Timeout: 10 * time.Second}
			c, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			// The handshake has its own deadline; the library clears it after.
			if err := c.SetDeadline(time.Now().Add(15 * time.Second)); err != nil {
				c.Close()
				return nil, err
			}
			return c, nil
		},
	}
	if o.ConnectionName != "" {
		cfg.Properties.SetClientConnectionName(o.ConnectionName)
	}
	if ep.TLS {
		cfg.TLSClientConfig = ep.TLSConfig
		if cfg.TLSClientConfig == nil {
			cfg.TLSClientConfig = &tls.Config{ServerName: ep.Host, MinVersion: tls.VersionTLS12}
		}
	}
	conn, err := amqp091.DialConfig(uri.String(), cfg)
	if err != nil {
		return nil, fmt.Errorf("amqp: dial %s: %w", ep, scrub(err, ep.Pass))
	}
	return conn, nil
}

// scrub makes sure an error text cannot carry the password (amqp091 does
// not put it in errors today; this keeps it so if that changes).
func scrub(err error, pass string) error {
	if err == nil || pass == "" {
		return err
	}
	if s := err.Error(); containsSecret(s, pass) {
		return errors.New("connection failed (error text withheld: it contained credentials)")
	}
	return err
}

func containsSecret(s, secret string) bool {
	return len(secret) >= 3 && strings.Contains(s, secret)
}

// backoff is exponential with full jitter in [d/2, d].
type backoff struct {
	min, max, cur time.Duration
}

func (b *backoff) reset() { b.cur = 0 }

func (b *backoff) next() time.Duration {
	if b.cur == 0 {
		b.cur = b.min
	} else {
		b.cur = min(b.cur*2, b.max)
	}
	return b.cur/2 + rand.N(b.cur/2+1)
}

// sleep waits d or until ctx is done, reporting whether it slept fully.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
