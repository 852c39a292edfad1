// Package e2e holds the CI-only end-to-end test of the example programs: it builds the
// binaries, runs them in -demo mode (and the enricher against the simulator binary), and
// checks every bundle they write against the OASIS STIX 2.1 JSON schemas.
package e2e
