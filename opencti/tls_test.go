package opencti

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ptstix/passivetotal/opencti/amqp"
	"github.com/ptstix/passivetotal/opencti/openctitest"
)

// The testdata/tls fixtures are a throwaway CA and client certificate made with
// openssl for these tests; the client key is stored plain and encrypted with the
// passphrase "fixture-pass" in the forms OpenSSL writes.
func TestMQTLSClientKeys(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "tls")
	pemOf := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct {
		name    string
		tls     MQTLS
		wantEnv string // the setting an error must name; "" for success
	}{
		{"plain key, files", MQTLS{CA: filepath.Join(dir, "ca.pem"), Cert: filepath.Join(dir, "client.pem"), Key: filepath.Join(dir, "plain.key")}, ""},
		{"PKCS#8 AES-256 PBKDF2-SHA256, PEM text", MQTLS{CA: pemOf("ca.pem"), Cert: pemOf("client.pem"), Key: pemOf("pkcs8.key"), Passphrase: "fixture-pass"}, ""},
		{"PKCS#8 AES-128 PBKDF2-SHA1", MQTLS{Cert: filepath.Join(dir, "client.pem"), Key: filepath.Join(dir, "pkcs8-sha1.key"), Passphrase: "fixture-pass"}, ""},
		{"traditional encrypted PEM", MQTLS{Cert: filepath.Join(dir, "client.pem"), Key: filepath.Join(dir, "traditional.key"), Passphrase: "fixture-pass"}, ""},
		{"wrong passphrase", MQTLS{Cert: filepath.Join(dir, "client.pem"), Key: filepath.Join(dir, "pkcs8.key"), Passphrase: "wrong-pass-123"}, "MQ_USE_SSL_PASSPHRASE"},
		{"wrong passphrase, traditional", MQTLS{Cert: filepath.Join(dir, "client.pem"), Key: filepath.Join(dir, "traditional.key"), Passphrase: "wrong-pass-123"}, "MQ_USE_SSL_PASSPHRASE"},
		{"no passphrase", MQTLS{Cert: filepath.Join(dir, "client.pem"), Key: filepath.Join(dir, "pkcs8.key")}, "MQ_USE_SSL_PASSPHRASE"},
		{"key without certificate", MQTLS{Key: filepath.Join(dir, "plain.key")}, "MQ_USE_SSL_CERT"},
		{"key of another certificate", MQTLS{Cert: filepath.Join(dir, "ca.pem"), Key: filepath.Join(dir, "plain.key")}, "MQ_USE_SSL_KEY"},
		{"CA file missing", MQTLS{CA: filepath.Join(dir, "nope.pem")}, "MQ_USE_SSL_CA"},
		{"CA not PEM", MQTLS{CA: filepath.Join(dir, "plain.key")}, "MQ_USE_SSL_CA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := tt.tls.config("localhost")
			if tt.wantEnv == "" {
				if err != nil || (tt.tls.Cert != "" && len(c.Certificates) != 1) || (tt.tls.CA != "" && c.RootCAs == nil) || c.InsecureSkipVerify {
					t.Fatalf("Config = %+v, %v", c, err)
				}
				return
			}
			var se *SettingError
			if !errors.As(err, &se) || se.Env != tt.wantEnv {
				t.Fatalf("err = %v, want a *SettingError naming %s", err, tt.wantEnv)
			}
			if tt.tls.Passphrase != "" && strings.Contains(err.Error(), tt.tls.Passphrase) {
				t.Errorf("the error shows the passphrase: %v", err)
			}
		})
	}
}

// tlsBroker returns the CI broker's TLS port and certificates, or skips.
func tlsBroker(t *testing.T) (dir string) {
	t.Helper()
	url, dir := os.Getenv("PTSTIX_AMQPS_URL"), os.Getenv("PTSTIX_AMQP_TLS_DIR")
	if url == "" || dir == "" {
		t.Skip("PTSTIX_AMQPS_URL or PTSTIX_AMQP_TLS_DIR is unset: no TLS listener to test against (run .ci/rabbitmq.sh; .ci/run sets both)")
	}
	return dir
}

// tlsImport runs one import over AMQP with the MQ_* settings in env (over the
// platform's plain registration) and returns the run's error.
func tlsImport(t *testing.T, env map[string]string, wait time.Duration) (pushed int, err error) {
	t.Helper()
	b := openctitest.NewRealBroker(t)
	id := newUUID()
	b.Declare(id)
	p := openctitest.New(t, b.Conn)
	all := map[string]string{"OPENCTI_URL": p.URL(), "OPENCTI_TOKEN": openctitest.Token, "CONNECTOR_ID": id,
		"CONNECTOR_NAME": "tls", "CONNECTOR_TYPE": TypeExternalImport, "MQ_USE_SSL": "true", "MQ_HOST": "localhost", "MQ_PORT": "5671"}
	for k, v := range env {
		all[k] = v
	}
	s, err := NewSettings(func(k string) (string, bool) { v, ok := all[k]; return v, ok }, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(s, Config{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(cfg, WithLogger(testLogger(t)), WithAMQPOptions(amqp.Options{MinBackoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	bundle, sent := lossBundle(1)
	err = c.RunImport(ctx, func(ctx context.Context, run *ImportRun) (string, error) { return "", run.Send(ctx, bundle) })
	if err == nil && b.Count("push_"+id) != len(sent) {
		t.Errorf("%d messages on the push queue, want %d", b.Count("push_"+id), len(sent))
	}
	return len(sent), err
}

// The connector reaches the real broker over TLS, verifying its certificate against
// the CI's CA and presenting a client certificate whose key needs the passphrase.
func TestIntegrationMQOverTLS(t *testing.T) {
	t.Parallel()
	dir := tlsBroker(t)
	pass, err := os.ReadFile(filepath.Join(dir, "passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"client.key", "client-traditional.key"} {
		t.Run(key, func(t *testing.T) {
			t.Parallel()
			_, err := tlsImport(t, map[string]string{
				"MQ_USE_SSL_CA": filepath.Join(dir, "ca.pem"), "MQ_USE_SSL_CERT": filepath.Join(dir, "client.pem"),
				"MQ_USE_SSL_KEY": filepath.Join(dir, key), "MQ_USE_SSL_PASSPHRASE": strings.TrimSpace(string(pass)),
			}, 30*time.Second)
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Verification is on by default: without the CI's CA the broker's certificate is
// refused and nothing is sent; MQ_USE_SSL_REJECT_UNAUTHORIZED=false turns it off.
func TestIntegrationMQOverTLSVerifies(t *testing.T) {
	t.Parallel()
	tlsBroker(t)
	_, err := tlsImport(t, nil, 2*time.Second)
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("without the CA: err = %v, want a certificate error", err)
	}
	if _, err := tlsImport(t, map[string]string{"MQ_USE_SSL_REJECT_UNAUTHORIZED": "false"}, 30*time.Second); err != nil {
		t.Errorf("verification off: %v", err)
	}
}

// Turning verification off is never silent: one warning each, naming the setting.
func TestVerificationOffWarns(t *testing.T) {
	t.Parallel()
	var buf strings.Builder
	log := slog.New(slog.NewTextHandler(&syncWriter{w: &buf}, nil))
	p := newFakePlatform(t, MQConnection{Host: "mq.example", Port: 5671, UseSSL: true, User: "u", Pass: "p"})
	cfg := testConfig(newUUID(), TypeExternalImport)
	cfg.URL, cfg.SSLVerify, cfg.MQTLS.SkipVerify = "https://opencti.example", false, true
	c, err := New(cfg, WithLogger(log))
	if err != nil {
		t.Fatal(err)
	}
	hc, _ := NewHTTPClient(p.srv.URL, testToken, p.srv.Client())
	c.api = NewAPI(hc) // the platform double speaks plain HTTP
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	out := buf.String()
	for _, want := range []string{"level=WARN msg=\"OPENCTI_SSL_VERIFY is false", "level=WARN msg=\"MQ_USE_SSL_REJECT_UNAUTHORIZED is false"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the logs:\n%s", want, out)
		}
	}
	if strings.Contains(out, "pass=p") || strings.Contains(out, ":p@") {
		t.Errorf("the broker password is in the logs:\n%s", out)
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}
