package mdti_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/mdti"
)

// BenchmarkDecodeDataset decodes a saved page of 1000 host components and
// one of 1000 host ports (banners and services included).
func BenchmarkDecodeDataset(b *testing.B) {
	page := func(row func(i int) string) []byte {
		rows := make([]string, 1000)
		for i := range rows {
			rows[i] = row(i)
		}
		return []byte(`{"value":[` + strings.Join(rows, ",") + `]}`)
	}
	bodies := map[string][]byte{
		"components": page(func(i int) string {
			return fmt.Sprintf(`{"@odata.type":"#microsoft.graph.security.hostComponent","id":"c%d","firstSeenDateTime":"2023-02-28T00:00:19.644Z","lastSeenDateTime":"2023-03-06T23:58:55.615Z","name":"component-%d","version":"1.%d","category":"Server","host":{"id":"h%d.example.com"}}`, i, i, i, i)
		}),
		"ports": page(func(i int) string {
			return fmt.Sprintf(`{"@odata.type":"#microsoft.graph.security.hostPort","id":"p%d","port":%d,"protocol":"tcp","status":"open","timesObserved":12,"firstSeenDateTime":"2023-01-01T00:00:00Z","lastSeenDateTime":"2024-05-01T00:00:00Z","lastScanDateTime":"2024-05-01T00:00:00Z","banners":[{"banner":"SSH-2.0-OpenSSH_9.6","scanProtocol":"tcp","timesObserved":7}],"services":[{"isRecent":true,"component":{"name":"OpenSSH","version":"9.6","category":"Server"}}]}`, i, 1+i%65535)
		}),
	}
	for _, name := range []string{"components", "ports"} {
		body := bodies[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := mdti.DecodeDataset(bytes.NewReader(body), "203.0.113.10"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
