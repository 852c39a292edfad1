// Command import is the PassiveTotal articles importer: it reads every threat-intel
// article since its saved state (from the API, the built-in simulator with -demo, or
// saved response bodies with -input), maps each one to a STIX 2.1 bundle and writes one
// .json file per article (-out DIR) or a stream of bundles (-out -).
//
//	go run ./import -demo -out ../bundles
//
// See README.md for the flags and environment variables.
package main

import (
	"context"
	"os"

	"github.com/ptstix/passivetotal/examples/internal/cli"
)

func main() {
	tuneGC()
	ctx, stop := cli.SignalContext(context.Background())
	code := run(ctx, os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
