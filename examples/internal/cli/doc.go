// Package cli holds the plumbing shared by the example programs (import, enrich, simulator):
// configuration from flags and the old OpenCTI connectors' environment variables, ISO 8601
// durations, the importer's state file, bundle sinks (a directory or one stream), structured
// logs, a progress line, the closing summary and a clean stop on SIGINT/SIGTERM.
//
// The programs keep their logic in run(ctx, args, env, stdout, stderr) functions so tests
// drive them in-process; this package gives those functions their common vocabulary. Two
// seams exist for later work: Sink (where bundles go: files, stdout, or an OpenCTI queue)
// and Observer (who hears about progress: the summary, a progress line, or metrics).
package cli
