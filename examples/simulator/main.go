// Command simulator serves the PassiveTotal v2 API on a local address with realistic,
// deterministic data (articles over several pages, passive DNS for any domain or IP,
// unique resolutions, account quota), so any PassiveTotal client can be pointed at it:
//
//	go run ./simulator -addr 127.0.0.1:8935
//	curl -u analyst@example.com:0123...cdef 'http://127.0.0.1:8935/pt/v2/dns/passive?query=example.com'
//
// See README.md for the flags.
package main

import (
	"context"
	"os"

	"github.com/ptstix/passivetotal/examples/internal/cli"
)

func main() {
	ctx, stop := cli.SignalContext(context.Background())
	code := run(ctx, os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr, nil)
	stop()
	os.Exit(code)
}
