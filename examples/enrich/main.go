// Command enrich is the PassiveTotal passive-DNS enricher: for each domain or IP address
// given (-entity, repeatable, or a list with -entities FILE|-), it asks PassiveTotal for
// the records of a recent window (RISKIQ_IMPORT_LAST_SEEN_TIME_WINDOW, P30D by default)
// and writes one STIX 2.1 bundle per entity: the observables it resolved to and the
// resolves-to / related-to relationships. -demo runs against the built-in simulator;
// -input converts saved passive DNS answers instead of calling the API.
//
//	go run ./enrich -demo -entity domain-name:example.com -out -
//
// See README.md for the flags and environment variables.
package main

import (
	"context"
	"os"

	"github.com/ptstix/passivetotal/examples/internal/cli"
)

func main() {
	ctx, stop := cli.SignalContext(context.Background())
	code := run(ctx, os.Args[1:], os.LookupEnv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
