package cli

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// LogLevel reads CONNECTOR_LOG_LEVEL's values: debug, info, warn or warning, error
// (any case). The old connectors' default was info.
func LogLevel(s string) (slog.Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug":
		return slog.LevelDebug, nil
	case "", "info":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error", "critical", "fatal":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("%q is not a log level (want debug, info, warn or error)", s)
}

// NewLogger returns a structured logger writing to w: logfmt-style text by default, one
// JSON object per line when json is true (for log collectors).
func NewLogger(w io.Writer, level slog.Level, json bool) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if json {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// LogSettings resolves the logging settings every program shares: -log-level or
// CONNECTOR_LOG_LEVEL, and -log-json or CONNECTOR_LOG_JSON.
func LogSettings(r *Resolver) (slog.Level, bool) {
	s := Setting{Flag: "log-level", Env: []string{"CONNECTOR_LOG_LEVEL"}}
	lvl, err := LogLevel(r.String(s, "info"))
	if err != nil {
		_, from, _ := r.Lookup(s)
		r.Fail(from, "%v", err)
	}
	js := r.Bool(Setting{Flag: "log-json", Env: []string{"CONNECTOR_LOG_JSON"}}, false)
	return lvl, js
}
