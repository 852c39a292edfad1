package opencti

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ptstix/passivetotal/opencti/openctitest"
)

// settingsConnector is a connector on the platform double p configured from env (over
// a base of its own), started.
func settingsConnector(t *testing.T, p *openctitest.Platform, env map[string]string) (*Connector, error) {
	t.Helper()
	all := map[string]string{"OPENCTI_URL": p.URL(), "OPENCTI_TOKEN": openctitest.Token, "CONNECTOR_ID": newUUID(),
		"CONNECTOR_NAME": "settings", "CONNECTOR_TYPE": TypeExternalImport, "CONNECTOR_QUEUE_PROTOCOL": "api"}
	for k, v := range env {
		all[k] = v
	}
	s, err := NewSettings(envOf(all), nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(s, Config{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(cfg, WithLogger(testLogger(t)))
	if err != nil {
		t.Fatal(err)
	}
	return c, c.Start(context.Background())
}

// scheduleFor runs Schedule with period until it returns or the wait is over, and
// counts the runs.
func scheduleFor(t *testing.T, c *Connector, period, wait time.Duration) (runs int, returned bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Schedule(ctx, period, func(ctx context.Context, run *ImportRun) (string, error) {
			runs++
			return "ok", nil
		})
	}()
	select {
	case <-done:
		return runs, ctx.Err() == nil
	case <-ctx.Done():
		<-done
		return runs, false
	}
}

// CONNECTOR_RUN_AND_TERMINATE and CONNECTOR_DURATION_PERIOD=0 make one run and return,
// whatever period the program asks for; the ping after it says run_and_terminate.
func TestScheduleRunAndTerminate(t *testing.T) {
	t.Parallel()
	for _, env := range []map[string]string{
		{"CONNECTOR_RUN_AND_TERMINATE": "true"},
		{"CONNECTOR_DURATION_PERIOD": "0"},
	} {
		p := openctitest.New(t, openctitest.Broker{})
		c, err := settingsConnector(t, p, env)
		if err != nil {
			t.Fatal(err)
		}
		runs, returned := scheduleFor(t, c, 50*time.Millisecond, 2*time.Second)
		if runs != 1 || !returned {
			t.Errorf("%v: %d runs, returned %v; want 1 run and a return", env, runs, returned)
		}
		pings := p.Calls("pingConnector")
		info, _ := pings[len(pings)-1].Vars["connectorInfo"].(map[string]any)
		if info["run_and_terminate"] != true || info["last_run_datetime"] == nil {
			t.Errorf("%v: connectorInfo %v", env, info)
		}
	}
}

// Without them, Schedule repeats; each ping tells the last and next run.
func TestScheduleRepeatsAndReportsRuns(t *testing.T) {
	t.Parallel()
	p := openctitest.New(t, openctitest.Broker{})
	c, err := settingsConnector(t, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	runs, returned := scheduleFor(t, c, 100*time.Millisecond, 450*time.Millisecond)
	if runs < 3 || returned {
		t.Errorf("%d runs, returned %v; want several and no return", runs, returned)
	}
	pings := p.Calls("pingConnector")
	info, _ := pings[len(pings)-1].Vars["connectorInfo"].(map[string]any)
	last, _ := time.Parse(time.RFC3339, str(info["last_run_datetime"]))
	next, _ := time.Parse(time.RFC3339, str(info["next_run_datetime"]))
	if info["run_and_terminate"] != false || info["queue_threshold"] != 500.0 || last.IsZero() || next.IsZero() || next.Before(last) {
		t.Errorf("connectorInfo %v", info)
	}
}

func str(v any) string { s, _ := v.(string); return s }

// Over CONNECTOR_QUEUE_THRESHOLD the run is skipped (no work opened) and the ping
// reports buffering and the queue's size; under it the run happens.
func TestScheduleSkipsRunWhileQueueIsFull(t *testing.T) {
	t.Parallel()
	p := openctitest.New(t, openctitest.Broker{})
	p.SetQueue(openctitest.QueueDetails{Messages: 900, Bytes: 12.5e6})
	c, err := settingsConnector(t, p, map[string]string{"CONNECTOR_QUEUE_THRESHOLD": "10", "CONNECTOR_RUN_AND_TERMINATE": "true"})
	if err != nil {
		t.Fatal(err)
	}
	if runs, _ := scheduleFor(t, c, time.Hour, 2*time.Second); runs != 0 || len(p.Calls("workAdd")) != 0 {
		t.Errorf("%d runs, %d works with the queue over the threshold", runs, len(p.Calls("workAdd")))
	}
	pings := p.Calls("pingConnector")
	info, _ := pings[len(pings)-1].Vars["connectorInfo"].(map[string]any)
	if info["buffering"] != true || info["queue_messages_size"] != 12.5 || info["queue_threshold"] != 10.0 {
		t.Errorf("connectorInfo while buffering: %v", info)
	}

	p.SetQueue(openctitest.QueueDetails{Messages: 3, Bytes: 1e6})
	if runs, _ := scheduleFor(t, c, time.Hour, 2*time.Second); runs != 1 {
		t.Errorf("%d runs under the threshold", runs)
	}
	pings = p.Calls("pingConnector")
	if info, _ := pings[len(pings)-1].Vars["connectorInfo"].(map[string]any); info["buffering"] != false {
		t.Errorf("connectorInfo after the queue drained: %v", info)
	}
}

// CONNECTOR_AUTO_UPDATE and CONNECTOR_ONLY_CONTEXTUAL reach the registration (the
// latter only where it means something).
func TestRegistrationFlags(t *testing.T) {
	t.Parallel()
	p := openctitest.New(t, openctitest.Broker{})
	flags := map[string]string{"CONNECTOR_AUTO_UPDATE": "true", "CONNECTOR_ONLY_CONTEXTUAL": "true"}
	enrich := map[string]string{"CONNECTOR_TYPE": TypeInternalEnrichment, "CONNECTOR_SCOPE": "IPv4-Addr"}
	for k, v := range flags {
		enrich[k] = v
	}
	for _, env := range []map[string]string{enrich, flags} {
		if _, err := settingsConnector(t, p, env); err != nil {
			t.Fatal(err)
		}
	}
	regs := p.Calls("registerConnector")
	in0, _ := regs[0].Vars["input"].(map[string]any)
	in1, _ := regs[1].Vars["input"].(map[string]any)
	if in0["auto_update"] != true || in0["only_contextual"] != true {
		t.Errorf("enrichment registration: %v", in0)
	}
	if in1["auto_update"] != true || in1["only_contextual"] != false {
		t.Errorf("import registration (only_contextual does not apply): %v", in1)
	}
}

// OPENCTI_SSL_VERIFY: the platform's certificate is verified by default (a
// self-signed one is refused), against a CA file when the variable names one, and not
// at all when it is false.
func TestPlatformTLSVerification(t *testing.T) {
	t.Parallel()
	p := openctitest.NewTLS(t, openctitest.Broker{})
	if _, err := settingsConnector(t, p, nil); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("default: err = %v, want a certificate error", err)
	}
	if _, err := settingsConnector(t, p, map[string]string{"OPENCTI_SSL_VERIFY": p.CAFile(t)}); err != nil {
		t.Errorf("with the CA file: %v", err)
	}
	if _, err := settingsConnector(t, p, map[string]string{"OPENCTI_SSL_VERIFY": "false"}); err != nil {
		t.Errorf("verification off: %v", err)
	}
	if n := len(p.Calls("registerConnector")); n != 2 {
		t.Errorf("%d registrations reached the platform, want 2", n)
	}
}
