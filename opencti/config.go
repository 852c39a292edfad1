package opencti

import (
	"fmt"
	"log/slog"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Queue protocols (CONNECTOR_QUEUE_PROTOCOL).
const (
	ProtocolAMQP = "amqp" // bundles go to the platform's RabbitMQ (default)
	ProtocolAPI  = "api"  // bundles go through the stixBundlePush mutation
)

// Config is the OpenCTI side of a connector's configuration, named after
// the pycti settings the old connectors used.
type Config struct {
	URL            string        // OPENCTI_URL
	Token          string        // OPENCTI_TOKEN (secret)
	ID             string        // CONNECTOR_ID, a UUID
	Name           string        // CONNECTOR_NAME
	Type           string        // CONNECTOR_TYPE
	Scope          []string      // CONNECTOR_SCOPE, comma separated
	Auto           bool          // CONNECTOR_AUTO
	LogLevel       slog.Level    // CONNECTOR_LOG_LEVEL: debug, info, warn(ing), error
	QueueProtocol  string        // CONNECTOR_QUEUE_PROTOCOL: amqp or api
	DurationPeriod time.Duration // CONNECTOR_DURATION_PERIOD: ISO 8601 (PT1H, P1D) or seconds (ParseDuration); 0 if unset
	// RunAndTerminate: one run, then exit (CONNECTOR_RUN_AND_TERMINATE, or
	// CONNECTOR_DURATION_PERIOD=0 as in pycti). Importers only.
	RunAndTerminate bool
	// QueueThreshold is CONNECTOR_QUEUE_THRESHOLD in MB (pycti's unit, 10^6
	// bytes; default 500): a scheduled run is skipped while the connector's
	// push queue holds more. Importers only.
	QueueThreshold float64
	AutoUpdate     bool // CONNECTOR_AUTO_UPDATE: the platform may ask for an enrichment when an entity changes
	OnlyContextual bool // CONNECTOR_ONLY_CONTEXTUAL: enrich only entities in a container's context (enrichment)
	// SSLVerify is OPENCTI_SSL_VERIFY: check the platform's certificate
	// (default true; pycti's default is false). The variable may instead name
	// a CA file, which then is SSLCA.
	SSLVerify bool
	SSLCA     string     // the CA file OPENCTI_SSL_VERIFY named, "" for the system's
	MQ        MQOverride // MQ_* overrides of the registration's broker
	MQTLS     MQTLS      // MQ_USE_SSL_* settings, used when the broker connection is TLS
}

// DefaultQueueThreshold is pycti's CONNECTOR_QUEUE_THRESHOLD, in MB.
const DefaultQueueThreshold = 500

// MQOverride holds the MQ_* settings; zero fields leave the platform's
// value alone.
type MQOverride struct {
	Host   string // MQ_HOST
	Port   int    // MQ_PORT
	VHost  string // MQ_VHOST
	UseSSL *bool  // MQ_USE_SSL
	User   string // MQ_USER
	Pass   string // MQ_PASS (secret)
}

// apply returns c with the overrides set.
func (o MQOverride) apply(c MQConnection) MQConnection {
	if o.Host != "" {
		c.Host = o.Host
	}
	if o.Port != 0 {
		c.Port = o.Port
	}
	if o.VHost != "" {
		c.VHost = o.VHost
	}
	if o.UseSSL != nil {
		c.UseSSL = *o.UseSSL
	}
	if o.User != "" {
		c.User = o.User
	}
	if o.Pass != "" {
		c.Pass = o.Pass
	}
	return c
}

// SettingError is a missing or invalid setting. Its message names the
// environment variable and the config.yml key, never a secret's value.
type SettingError struct {
	Env     string // the environment variable, e.g. CONNECTOR_ID
	Key     string // its config.yml key, e.g. connector.id
	Problem string // what is wrong, without the value when it is a secret
}

// Error names the variable and the key.
func (e *SettingError) Error() string {
	return fmt.Sprintf("setting %s (config.yml %s): %s", e.Env, e.Key, e.Problem)
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// LoadConfig reads the OpenCTI settings. def supplies what the connector
// program knows (its type, a default name and scope); settings override it.
// The first problem is returned as a *SettingError.
func LoadConfig(s *Settings, def Config) (*Config, error) {
	c := def
	str := func(env, key string, dst *string) {
		if v, ok := s.Lookup(env, key); ok {
			*dst = v
		}
	}
	str("OPENCTI_URL", "opencti.url", &c.URL)
	str("OPENCTI_TOKEN", "opencti.token", &c.Token)
	str("CONNECTOR_ID", "connector.id", &c.ID)
	str("CONNECTOR_NAME", "connector.name", &c.Name)
	str("CONNECTOR_TYPE", "connector.type", &c.Type)
	str("MQ_HOST", "mq.host", &c.MQ.Host)
	str("MQ_VHOST", "mq.vhost", &c.MQ.VHost)
	str("MQ_USER", "mq.user", &c.MQ.User)
	str("MQ_PASS", "mq.pass", &c.MQ.Pass)
	str("MQ_USE_SSL_CA", "mq.use_ssl_ca", &c.MQTLS.CA)
	str("MQ_USE_SSL_CERT", "mq.use_ssl_cert", &c.MQTLS.Cert)
	str("MQ_USE_SSL_KEY", "mq.use_ssl_key", &c.MQTLS.Key)
	str("MQ_USE_SSL_PASSPHRASE", "mq.use_ssl_passphrase", &c.MQTLS.Passphrase)

	if c.URL == "" {
		return nil, &SettingError{"OPENCTI_URL", "opencti.url", "required"}
	}
	if u, err := url.Parse(c.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &SettingError{"OPENCTI_URL", "opencti.url", "must be an http(s) URL"}
	}
	if c.Token == "" {
		return nil, &SettingError{"OPENCTI_TOKEN", "opencti.token", "required"}
	}
	if c.ID == "" {
		return nil, &SettingError{"CONNECTOR_ID", "connector.id", "required (a UUID you choose once and keep)"}
	}
	if !uuidRE.MatchString(c.ID) {
		return nil, &SettingError{"CONNECTOR_ID", "connector.id", fmt.Sprintf("%q is not a UUID", c.ID)}
	}
	c.ID = strings.ToLower(c.ID)
	if c.Name == "" {
		return nil, &SettingError{"CONNECTOR_NAME", "connector.name", "required"}
	}
	c.Type = strings.ToUpper(c.Type)
	switch c.Type {
	case TypeExternalImport, TypeInternalEnrichment, "INTERNAL_IMPORT_FILE", "INTERNAL_EXPORT_FILE", "INTERNAL_ANALYSIS", "STREAM":
	case "":
		return nil, &SettingError{"CONNECTOR_TYPE", "connector.type", "required"}
	default:
		return nil, &SettingError{"CONNECTOR_TYPE", "connector.type", fmt.Sprintf("%q is not a connector type", c.Type)}
	}
	if v, ok := s.Lookup("CONNECTOR_SCOPE", "connector.scope"); ok {
		c.Scope = splitScope(v)
	}
	if c.Type == TypeInternalEnrichment && len(c.Scope) == 0 {
		return nil, &SettingError{"CONNECTOR_SCOPE", "connector.scope", "required for an enrichment connector (e.g. IPv4-Addr,Domain-Name)"}
	}
	if v, ok := s.Lookup("CONNECTOR_AUTO", "connector.auto"); ok {
		b, err := parseBool(v)
		if err != nil {
			return nil, &SettingError{"CONNECTOR_AUTO", "connector.auto", err.Error()}
		}
		c.Auto = b
	}
	if v, ok := s.Lookup("CONNECTOR_LOG_LEVEL", "connector.log_level"); ok {
		l, err := parseLevel(v)
		if err != nil {
			return nil, &SettingError{"CONNECTOR_LOG_LEVEL", "connector.log_level", err.Error()}
		}
		c.LogLevel = l
	}
	if c.QueueProtocol == "" {
		c.QueueProtocol = ProtocolAMQP
	}
	if v, ok := s.Lookup("CONNECTOR_QUEUE_PROTOCOL", "connector.queue_protocol"); ok {
		c.QueueProtocol = strings.ToLower(v)
	}
	if c.QueueProtocol != ProtocolAMQP && c.QueueProtocol != ProtocolAPI {
		return nil, &SettingError{"CONNECTOR_QUEUE_PROTOCOL", "connector.queue_protocol", fmt.Sprintf("%q is neither amqp nor api", c.QueueProtocol)}
	}
	if v, ok := s.Lookup("CONNECTOR_DURATION_PERIOD", "connector.duration_period"); ok {
		d, err := ParseDuration(v)
		if err != nil || d < 0 {
			if err == nil {
				err = fmt.Errorf("must not be negative")
			}
			return nil, &SettingError{"CONNECTOR_DURATION_PERIOD", "connector.duration_period", err.Error()}
		}
		c.DurationPeriod = d
		c.RunAndTerminate = d == 0
	}
	if c.QueueThreshold == 0 {
		c.QueueThreshold = DefaultQueueThreshold
	}
	if v, ok := s.Lookup("CONNECTOR_QUEUE_THRESHOLD", "connector.queue_threshold"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || f <= 0 || math.IsInf(f, 0) {
			return nil, &SettingError{"CONNECTOR_QUEUE_THRESHOLD", "connector.queue_threshold", fmt.Sprintf("%q is not a positive number of MB", v)}
		}
		c.QueueThreshold = f
	}
	c.SSLVerify = true
	if v, ok := s.Lookup("OPENCTI_SSL_VERIFY", "opencti.ssl_verify"); ok {
		if b, err := parseBool(v); err == nil {
			c.SSLVerify = b
		} else if _, err := certPool(v); err == nil {
			c.SSLCA = v
		} else {
			return nil, &SettingError{"OPENCTI_SSL_VERIFY", "opencti.ssl_verify", "neither a boolean nor a readable CA file: " + err.Error()}
		}
	}
	for _, b := range []struct {
		env, key string
		dst      *bool
		invert   bool
	}{
		{"CONNECTOR_RUN_AND_TERMINATE", "connector.run_and_terminate", &c.RunAndTerminate, false},
		{"CONNECTOR_AUTO_UPDATE", "connector.auto_update", &c.AutoUpdate, false},
		{"CONNECTOR_ONLY_CONTEXTUAL", "connector.only_contextual", &c.OnlyContextual, false},
		{"MQ_USE_SSL_REJECT_UNAUTHORIZED", "mq.use_ssl_reject_unauthorized", &c.MQTLS.SkipVerify, true},
	} {
		v, ok := s.Lookup(b.env, b.key)
		if !ok {
			continue
		}
		val, err := parseBool(v)
		if err != nil {
			return nil, &SettingError{b.env, b.key, err.Error()}
		}
		if b.env == "CONNECTOR_RUN_AND_TERMINATE" {
			*b.dst = *b.dst || val // CONNECTOR_DURATION_PERIOD=0 stays run-once
		} else {
			*b.dst = val != b.invert
		}
	}
	if v, ok := s.Lookup("MQ_PORT", "mq.port"); ok {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 65535 {
			return nil, &SettingError{"MQ_PORT", "mq.port", fmt.Sprintf("%q is not a port number", v)}
		}
		c.MQ.Port = p
	}
	if v, ok := s.Lookup("MQ_USE_SSL", "mq.use_ssl"); ok {
		b, err := parseBool(v)
		if err != nil {
			return nil, &SettingError{"MQ_USE_SSL", "mq.use_ssl", err.Error()}
		}
		c.MQ.UseSSL = &b
	}
	if c.MQTLS.CA != "" || c.MQTLS.Cert != "" || c.MQTLS.Key != "" {
		// Read now, so that a bad file is a setting error at start, not a
		// failed connection later.
		if _, err := c.MQTLS.config("check"); err != nil {
			return nil, err
		}
	}
	return &c, nil
}

// splitScope splits "IPv4-Addr, Domain-Name" into its non-empty parts.
func splitScope(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseBool accepts the spellings operators write in env files and YAML.
func parseBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "y", "on", "1":
		return true, nil
	case "false", "no", "n", "off", "0":
		return false, nil
	}
	return false, fmt.Errorf("%q is not a boolean (true or false)", v)
}

// parseLevel reads pycti's log level names.
func parseLevel(v string) (slog.Level, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error", "critical":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("%q is not one of debug, info, warning, error", v)
}
