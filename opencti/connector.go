package opencti

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/ptstix/passivetotal/opencti/amqp"
)

// DefaultPingInterval is pycti's PingAlive period.
const DefaultPingInterval = 40 * time.Second

// Target is where a bundle goes: the work it belongs to ("" for none) and,
// for an enrichment asked for inside a draft, the draft.
type Target struct {
	WorkID  string // "" for none
	DraftID string // "" for none
}

// BundleSender delivers the one-object bundles SplitBundle cut from a bundle,
// in their order, once their expectations are on the work. The runtime picks
// the AMQP or the API implementation from CONNECTOR_QUEUE_PROTOCOL; tests and
// connectors may supply their own with WithSender.
type BundleSender interface {
	Send(ctx context.Context, to Target, pieces [][]byte) error
	Close() error
}

// Listener delivers enrichment requests (message bodies) one at a time;
// handle returns when the request is finished. Listen returns when ctx is
// done, after the request in hand. The default is an amqp.Consumer on the
// registration's listen queue; tests may supply their own with
// WithListener.
type Listener interface {
	Listen(ctx context.Context, handle func(body []byte, redelivered bool)) error
}

// Connector is a connector registered with the platform: it holds the
// registration, the state (saved only through pings), the bundle sender
// and the ping loop. Create it with New, then Start, then run an importer
// (RunImport, Schedule) or an enricher (RunEnricher), then Close.
type Connector struct {
	cfg       *Config
	api       *API
	log       *slog.Logger
	pingEvery time.Duration
	amqpOpts  amqp.Options
	input     func(*RegisterInput)
	sender    BundleSender
	listener  Listener

	reg *Registration

	mu    sync.Mutex
	state []byte // compact JSON, nil for none
	info  ConnectorInfo

	pingStop context.CancelFunc
	pingDone chan struct{}
}

// Option configures a Connector.
type Option func(*Connector)

// WithGraphQL replaces the HTTP GraphQL client (tests, custom transports).
func WithGraphQL(g GraphQL) Option { return func(c *Connector) { c.api = NewAPI(g) } }

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(c *Connector) { c.log = l } }

// WithPingInterval changes the 40 s ping period (tests).
func WithPingInterval(d time.Duration) Option { return func(c *Connector) { c.pingEvery = d } }

// WithAMQPOptions tunes the broker connections (backoff, heartbeat,
// connection name); the logger defaults to the connector's.
func WithAMQPOptions(o amqp.Options) Option { return func(c *Connector) { c.amqpOpts = o } }

// WithRegisterInput lets the program adjust the registration input (for
// example EnrichmentResolution or AutoUpdate) before it is sent.
func WithRegisterInput(f func(*RegisterInput)) Option { return func(c *Connector) { c.input = f } }

// WithSender replaces the bundle sender chosen from the configuration.
func WithSender(s BundleSender) Option { return func(c *Connector) { c.sender = s } }

// WithListener replaces the AMQP listen-queue consumer.
func WithListener(l Listener) Option { return func(c *Connector) { c.listener = l } }

// New prepares a connector; nothing is sent before Start.
func New(cfg *Config, opts ...Option) (*Connector, error) {
	if cfg == nil {
		return nil, errors.New("opencti: nil config")
	}
	c := &Connector{cfg: cfg, pingEvery: DefaultPingInterval}
	for _, o := range opts {
		o(c)
	}
	if c.log == nil {
		c.log = slog.Default()
	}
	if c.amqpOpts.Logger == nil {
		c.amqpOpts.Logger = c.log
	}
	if c.amqpOpts.ConnectionName == "" {
		c.amqpOpts.ConnectionName = cfg.Name + " (" + cfg.ID + ")"
	}
	c.info.QueueThreshold = cfg.QueueThreshold
	if c.api == nil {
		tc := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: !cfg.SSLVerify}
		if cfg.SSLCA != "" {
			pool, err := certPool(cfg.SSLCA)
			if err != nil {
				return nil, &SettingError{"OPENCTI_SSL_VERIFY", "opencti.ssl_verify", err.Error()}
			}
			tc.RootCAs = pool
		}
		if !cfg.SSLVerify && strings.HasPrefix(strings.ToLower(cfg.URL), "https:") {
			c.log.Warn("OPENCTI_SSL_VERIFY is false: the platform's certificate is not verified, anyone on the path can read the OpenCTI token")
		}
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = tc
		hc, err := NewHTTPClient(cfg.URL, cfg.Token, &http.Client{Timeout: 2 * time.Minute, Transport: tr})
		if err != nil {
			return nil, err
		}
		hc.UserAgent = "ptstix-connector"
		c.api = NewAPI(hc)
	}
	return c, nil
}

// API gives the platform calls, for connector-specific queries.
func (c *Connector) API() *API { return c.api }

// Config returns the configuration the connector runs with.
func (c *Connector) Config() *Config { return c.cfg }

// Registration is the platform's answer to registerConnector (nil before
// Start). Its broker password must not be logged.
func (c *Connector) Registration() *Registration { return c.reg }

// Start registers the connector, takes the platform's saved state, sets up
// bundle delivery and starts the ping loop.
func (c *Connector) Start(ctx context.Context) error {
	in := RegisterInput{ID: c.cfg.ID, Name: c.cfg.Name, Type: c.cfg.Type, Scope: c.cfg.Scope, Auto: c.cfg.Auto,
		AutoUpdate: c.cfg.AutoUpdate}
	if c.cfg.OnlyContextual {
		if c.cfg.Type == TypeExternalImport {
			c.log.Warn("CONNECTOR_ONLY_CONTEXTUAL has no meaning for an external import connector; ignored")
		} else {
			in.OnlyContextual = true
		}
	}
	if in.Scope == nil {
		in.Scope = []string{}
	}
	if c.cfg.Type == TypeInternalEnrichment {
		// We read stix_entity from the message; the platform need not
		// build stix_objects for every request.
		in.EnrichmentResolution = "none"
	}
	if c.input != nil {
		c.input(&in)
	}
	reg, err := c.api.RegisterConnector(ctx, in)
	if err != nil {
		return err
	}
	c.reg = reg
	if reg.ConnectorState != nil {
		if err := c.SetState([]byte(*reg.ConnectorState)); err != nil {
			c.log.Warn("ignoring the platform's saved state: not JSON", "error", err.Error())
		}
	}
	if c.sender == nil {
		switch c.cfg.QueueProtocol {
		case ProtocolAPI:
			c.sender = &apiSender{api: c.api, connectorID: c.cfg.ID}
		default:
			ep, err := c.endpoint()
			if err != nil {
				return err
			}
			c.sender = &amqpSender{
				pub:         amqp.NewPublisher(ep, reg.Config.PushExchange, reg.Config.PushRouting, c.amqpOpts),
				queue:       reg.Config.Push,
				applicantID: reg.ConnectorUserID,
			}
		}
	}
	c.log.Info("connector registered", "id", c.cfg.ID, "name", c.cfg.Name, "type", c.cfg.Type,
		"queue_protocol", c.cfg.QueueProtocol, "has_state", c.State() != nil)
	pctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	c.pingStop, c.pingDone = cancel, make(chan struct{})
	go c.pingLoop(pctx)
	return nil
}

// endpoint is the broker of the registration with the MQ_* overrides.
func (c *Connector) endpoint() (amqp.Endpoint, error) {
	m := c.cfg.MQ.apply(c.reg.Config.Connection)
	ep := amqp.Endpoint{Host: m.Host, Port: m.Port, VHost: m.VHost, TLS: m.UseSSL, User: m.User, Pass: m.Pass}
	if ep.TLS {
		tc, err := c.cfg.MQTLS.config(m.Host)
		if err != nil {
			return amqp.Endpoint{}, err
		}
		ep.TLSConfig = tc
		if c.cfg.MQTLS.SkipVerify {
			c.log.Warn("MQ_USE_SSL_REJECT_UNAUTHORIZED is false: the broker's certificate is not verified, anyone on the path can read the broker password and the data", "endpoint", ep)
		}
	}
	return ep, nil
}

func (c *Connector) pingLoop(ctx context.Context) {
	defer close(c.pingDone)
	t := time.NewTicker(c.pingEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			pctx, cancel := context.WithTimeout(ctx, c.pingEvery)
			if err := c.Ping(pctx); err != nil && ctx.Err() == nil {
				c.log.Warn("ping failed", "error", err.Error())
			}
			cancel()
		}
	}
}

// Ping sends the state now (pycti's force_ping). If the platform answers
// with a different state (an operator reset it), the local state becomes
// the platform's.
func (c *Connector) Ping(ctx context.Context) error {
	if c.reg == nil {
		return errors.New("opencti: ping before Start")
	}
	sent := c.State()
	info := c.Info()
	remote, err := c.api.PingConnector(ctx, c.cfg.ID, sent, &info)
	if err != nil {
		return err
	}
	if !jsonEqual(remote, sent) {
		if err := c.SetState(remote); err != nil {
			return fmt.Errorf("platform state: %w", err)
		}
		c.log.Info("state replaced by the platform's (reset from the platform?)")
	}
	return nil
}

// Info returns what the next ping tells the platform about the schedule.
func (c *Connector) Info() ConnectorInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.info
}

func (c *Connector) setInfo(f func(*ConnectorInfo)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(&c.info)
}

// State returns the connector state as compact JSON, nil when there is none.
func (c *Connector) State() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.state)
}

// SetState replaces the state with JSON text (nil, "" or "null" clear it).
// It is saved to the platform by the next ping, as in pycti.
func (c *Connector) SetState(state []byte) error {
	var norm []byte
	if t := bytes.TrimSpace(state); len(t) > 0 && !bytes.Equal(t, []byte("null")) {
		var buf bytes.Buffer
		if err := json.Compact(&buf, t); err != nil {
			return err
		}
		norm = buf.Bytes()
	}
	c.mu.Lock()
	c.state = norm
	c.mu.Unlock()
	return nil
}

// LoadState decodes the state into v; ok is false when there is none.
func (c *Connector) LoadState(v any) (ok bool, err error) {
	s := c.State()
	if s == nil {
		return false, nil
	}
	return true, json.Unmarshal(s, v)
}

// SaveState encodes v as the state (saved by the next ping).
func (c *Connector) SaveState(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.SetState(b)
}

// Close stops the ping loop, pings the state one last time and closes the
// bundle sender. ctx bounds the final ping.
func (c *Connector) Close(ctx context.Context) error {
	if c.reg == nil {
		return nil
	}
	c.pingStop()
	<-c.pingDone
	err := c.Ping(ctx)
	if err != nil {
		err = fmt.Errorf("final ping: %w", err)
	}
	if c.sender != nil {
		err = errors.Join(err, c.sender.Close())
	}
	return err
}

// jsonEqual compares two JSON texts by value; nil, "" and "null" are equal.
func jsonEqual(a, b []byte) bool {
	da, oka := decodeAny(a)
	db, okb := decodeAny(b)
	if !oka || !okb {
		return bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b))
	}
	return reflect.DeepEqual(da, db)
}

func decodeAny(b []byte) (any, bool) {
	if t := bytes.TrimSpace(b); len(t) == 0 {
		return nil, true
	}
	var v any
	return v, json.Unmarshal(b, &v) == nil
}
