package main

import (
	"bufio"
	"os"
	"runtime"
	"runtime/pprof"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/mapping"
)

// convertStream is convert on the enricher's streamed path: the mapping
// keeps one entry per distinct relationship and observable, and the bundle
// is built, validated and marshalled on every core as it is written. When
// memProfile is set, the heap profile of that state is written to it before
// the bundle.
func convertStream(inPath, outPath, query string, maxRecords int, memProfile string) (stats, error) {
	var st stats
	in, err := os.Open(inPath)
	if err != nil {
		return st, err
	}
	defer in.Close()
	entity, err := mapping.NewEntity(query)
	if err != nil {
		return st, err
	}
	_, recs := passivetotal.PassiveDNSRecords(bufio.NewReaderSize(in, 64<<10))
	counted := func(yield func(passivetotal.DNSRecord, error) bool) {
		for r, err := range recs {
			st.records++
			if !yield(r, err) {
				return
			}
		}
	}
	s, err := mapping.PassiveDNSStream(entity, counted, mapping.PassiveDNSOptions{
		MaxRecords: maxRecords,
		OnSkip:     func(mapping.Skip) { st.skips++ },
	})
	if err != nil {
		return st, err
	}
	if memProfile != "" {
		if err := writeHeapProfile(memProfile); err != nil {
			return st, err
		}
	}
	out, err := os.Create(outPath)
	if err != nil {
		return st, err
	}
	cw := &countWriter{w: out}
	bw := bufio.NewWriterSize(cw, 64<<10)
	if err := s.WriteBundle(bw, runtime.GOMAXPROCS(0)); err != nil {
		out.Close()
		return st, err
	}
	if err := bw.Flush(); err != nil {
		out.Close()
		return st, err
	}
	st.cut = s.Cut()
	for _, n := range s.Counts() {
		st.objects += n
	}
	st.bytes = cw.n
	return st, out.Close()
}

// writeHeapProfile writes the live heap, after a collection, to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
