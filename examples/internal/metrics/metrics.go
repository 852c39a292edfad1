package metrics

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every metric name.
const Namespace = "ptstix"

// State is what the connector is doing, exported as ptstix_connector_state.
type State string

// The connector states: running a pass (an import run, an enrichment), idle between
// runs or waiting for requests, stopped (shutting down).
const (
	StateRunning State = "running"
	StateIdle    State = "idle"
	StateStopped State = "stopped"
)

var allStates = []State{StateRunning, StateIdle, StateStopped}

// Skip scopes, the scope label of ptstix_skips_total.
const (
	// ScopeItem is a whole article or entity that produced no bundle.
	ScopeItem = "item"
	// ScopeObject is one element inside an item (an indicator, a DNS record) that was
	// not converted: a mapping skip.
	ScopeObject = "object"
)

// Options configure New.
type Options struct {
	// Items names what the program processes, plural: "articles" or "entities". It
	// names the ptstix_<items>_processed_total counter; default "items".
	Items string
	// Runtime adds the Go runtime and process collectors (go_*, process_*), as any
	// long-running exporter should. Tests leave it off to keep scrapes small.
	Runtime bool
}

// Metrics is the set of connector metrics, in a private registry. All methods are safe
// for concurrent use; the zero value is not usable, call New.
type Metrics struct {
	reg *prometheus.Registry

	apiRequests    *prometheus.CounterVec
	apiRetries     *prometheus.CounterVec
	apiDuration    *prometheus.HistogramVec
	limiterWait    prometheus.Counter
	backoffWait    prometheus.Counter
	quotaRemaining *prometheus.GaugeVec // no labels: absent until known
	quotaLimit     *prometheus.GaugeVec

	processed   prometheus.Counter
	objects     *prometheus.CounterVec
	skips       *prometheus.CounterVec
	bundles     prometheus.Counter
	errors      *prometheus.CounterVec
	runs        *prometheus.CounterVec
	lastSuccess *prometheus.GaugeVec // no labels: absent until a success
	state       *prometheus.GaugeVec

	mu       sync.Mutex
	current  State
	reasons  map[string]*labelSet // by scope
	lastSucc time.Time
}

// New creates the metrics and registers them in a fresh registry. The connector starts
// idle.
func New(o Options) *Metrics {
	items := strings.ToLower(strings.TrimSpace(o.Items))
	if items == "" {
		items = "items"
	}
	m := &Metrics{reg: prometheus.NewRegistry(), reasons: map[string]*labelSet{}}
	f := func(c prometheus.Collector) { m.reg.MustRegister(c) }

	m.apiRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Subsystem: "api", Name: "requests_total",
		Help: "PassiveTotal API attempts by endpoint and outcome (2xx, 3xx, 4xx, 5xx, error: no response, blocked: refused by the quota guard unsent). Retries count as attempts.",
	}, []string{"endpoint", "outcome"})
	m.apiRetries = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Subsystem: "api", Name: "retries_total",
		Help: "PassiveTotal API attempts that were retries of an earlier attempt, by endpoint.",
	}, []string{"endpoint"})
	m.apiDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: Namespace, Subsystem: "api", Name: "request_duration_seconds",
		Help:    "Time from sending a PassiveTotal API attempt to its response headers, without the rate-limiter wait.",
		Buckets: []float64{.025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
	}, []string{"endpoint"})
	m.limiterWait = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: Namespace, Subsystem: "api", Name: "ratelimit_wait_seconds_total",
		Help: "Time API attempts spent waiting on the client's rate limiter.",
	})
	m.backoffWait = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: Namespace, Subsystem: "api", Name: "backoff_wait_seconds_total",
		Help: "Time spent sleeping between an API attempt and its retry (backoff, Retry-After).",
	})
	m.quotaRemaining = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: Namespace, Subsystem: "api", Name: "quota_remaining",
		Help: "Estimated PassiveTotal API searches left in the current quota period; absent until known.",
	}, nil)
	m.quotaLimit = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: Namespace, Subsystem: "api", Name: "quota_limit",
		Help: "PassiveTotal API searches allowed per quota period; absent until known.",
	}, nil)

	m.processed = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: Namespace, Name: items + "_processed_total",
		Help: "Items (" + items + ") handled and delivered as a bundle.",
	})
	m.objects = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Subsystem: "stix", Name: "objects_emitted_total",
		Help: "STIX objects in the bundles delivered, by STIX type.",
	}, []string{"type"})
	m.skips = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "skips_total",
		Help: "Things left out, by scope (item: a whole article or entity; object: one element inside it) and reason.",
	}, []string{"scope", "reason"})
	m.bundles = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: Namespace, Name: "bundles_sent_total",
		Help: "STIX bundles delivered (to files, stdout or OpenCTI).",
	})
	m.errors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "errors_total",
		Help: "Errors by kind (run: a run failed; item: a page or entity failed and the run went on; send: a bundle could not be delivered; others from the program).",
	}, []string{"kind"})
	m.runs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "runs_total",
		Help: "Finished runs (import passes, enricher invocations) by outcome: success or failure.",
	}, []string{"outcome"})
	m.lastSuccess = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: Namespace, Name: "last_success_timestamp_seconds",
		Help: "Unix time of the end of the last successful run; absent until one succeeds.",
	}, nil)
	m.state = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: Namespace, Subsystem: "connector", Name: "state",
		Help: "1 for the connector's current state (running, idle, stopped), 0 for the others.",
	}, []string{"state"})

	for _, c := range []prometheus.Collector{m.apiRequests, m.apiRetries, m.apiDuration, m.limiterWait,
		m.backoffWait, m.quotaRemaining, m.quotaLimit, m.processed, m.objects, m.skips, m.bundles,
		m.errors, m.runs, m.lastSuccess, m.state} {
		f(c)
	}
	// Zero series for the outcomes a dashboard divides by, so rate() works before the
	// first failure.
	m.runs.WithLabelValues("success")
	m.runs.WithLabelValues("failure")
	if o.Runtime {
		f(collectors.NewGoCollector())
		f(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	m.SetState(StateIdle)
	return m
}

// Registry is the registry holding the metrics, for tests (testutil) and for a program
// that adds collectors of its own.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// MetricsHandler serves the registry in the Prometheus text (or negotiated) format.
func (m *Metrics) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		Registry:          m.reg, // counts its own scrape errors
		ErrorHandling:     promhttp.ContinueOnError,
		EnableOpenMetrics: false,
	})
}

// Handler serves /metrics and /healthz; anything else is 404.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.MetricsHandler())
	mux.HandleFunc("GET /healthz", m.serveHealth)
	return mux
}

// SetState makes s the connector's current state.
func (m *Metrics) SetState(s State) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.current = s
	for _, st := range allStates {
		v := 0.0
		if st == s {
			v = 1
		}
		m.state.WithLabelValues(string(st)).Set(v)
	}
}

// State is the connector's current state.
func (m *Metrics) State() State {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.current
}
