package main

import (
	"io"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/ptstix/passivetotal/mapping"
)

// convertStream is convert on the enricher's streamed path: the mapping
// keeps one entry per distinct relationship and observable, and the bundle
// is built, validated and marshalled on every core as it is written. When
// memProfile is set, the heap profile of that state is written to it before
// the bundle.
func convertStream(inPath, outPath, query string, maxRecords int, memProfile string) (stats, error) {
	var st stats
	entity, counted, in, err := openRecords(inPath, query, &st)
	if err != nil {
		return st, err
	}
	defer in.Close()
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
	st.bytes, err = writeOut(outPath, func(w io.Writer) error {
		return s.WriteBundle(w, runtime.GOMAXPROCS(0))
	})
	if err != nil {
		return st, err
	}
	st.cut = s.Cut()
	for _, n := range s.Counts() {
		st.objects += n
	}
	return st, nil
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
