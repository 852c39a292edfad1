// Command benchpipe measures the enricher's -input path on a saved passive
// DNS body of any size: file -> streaming decode (PassiveDNSRecords) ->
// streaming mapping (mapping.PassiveDNSRecords, bounded by the record cap)
// -> stix.BundleWriter -> file. It exists so the memory target (one million
// records in under 64 MB peak RSS) can be measured with /usr/bin/time -v
// before, and independently of, the examples' enricher program.
//
//	go run ./internal/benchpipe -gen 1000000 -input /tmp/pdns-1m.json
//	go run ./internal/benchpipe -gen-articles 100 -indicators 50 -input /tmp/articles.json
//	go build -o /tmp/benchpipe ./internal/benchpipe
//	/usr/bin/time -v /tmp/benchpipe -input /tmp/pdns-1m.json -output /tmp/bundle.json
//	/tmp/benchpipe -input /tmp/pdns-1m.json -max -1 -stream -memprofile /tmp/heap.pprof
//
// With -stream it takes the enricher's streamed path instead
// (mapping.PassiveDNSStream, then DNSStream.WriteBundle on every core);
// -memprofile then writes the heap profile of the deduplication state, taken
// after the records are mapped and before the bundle is written (the
// largest live heap of that path).
//
// It prints one line: records read, objects written, skips, records cut by
// the cap, bytes written and the elapsed time.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"runtime/pprof"
	"time"

	passivetotal "github.com/ptstix/passivetotal"
	"github.com/ptstix/passivetotal/internal/gen"
	"github.com/ptstix/passivetotal/mapping"
	"github.com/ptstix/passivetotal/stix"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchpipe:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("benchpipe", flag.ContinueOnError)
	input := fs.String("input", "", "saved GET /dns/passive body to read (required)")
	output := fs.String("output", os.DevNull, "bundle file to write")
	query := fs.String("query", "example.com", "the queried entity (domain or IP)")
	maxRecords := fs.Int("max", 0, "relationship cap (0: mapping.DefaultMaxRecords, negative: none)")
	genN := fs.Int("gen", 0, "instead of converting, write a generated body of this many records to -input")
	genArticles := fs.Int("gen-articles", 0, "instead of converting, write a generated GET /articles page of this many articles to -input")
	indicators := fs.Int("indicators", 50, "indicator values per article (with -gen-articles)")
	seed := fs.Uint64("seed", 1, "generator seed (with -gen)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the conversion to this file")
	stream := fs.Bool("stream", false, "map with mapping.PassiveDNSStream and write with DNSStream.WriteBundle (the enricher's path)")
	memProfile := fs.String("memprofile", "", "with -stream: write a heap profile, taken after mapping and before writing, to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *input == "" {
		return errors.New("-input is required")
	}
	if *genN > 0 {
		return generate(*input, *query, *seed, *genN)
	}
	if *genArticles > 0 {
		return generateArticles(*input, *seed, *genArticles, *indicators)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	convertFn := convert
	if *stream {
		convertFn = func(in, out, query string, max int) (stats, error) {
			return convertStream(in, out, query, max, *memProfile)
		}
	}
	st, err := convertFn(*input, *output, *query, *maxRecords)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "records=%d objects=%d skips=%d cut=%d bytes=%d elapsed=%s\n",
		st.records, st.objects, st.skips, st.cut, st.bytes, time.Since(start).Round(time.Millisecond))
	return nil
}

func generate(path, query string, seed uint64, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := gen.WritePassiveDNS(f, gen.DNSOptions{Seed: seed, Query: query, Records: n}); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// generateArticles writes one page of n articles of k indicator values each, the
// importer's benchmark input (100 x 50 in .ci/bench.sh).
func generateArticles(path string, seed uint64, n, k int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := gen.WriteArticles(f, gen.ArticleOptions{Seed: seed, Articles: n, Indicators: k}); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

type stats struct {
	records, objects, skips, cut int
	bytes                        int64
}

// openRecords opens the answer at inPath and streams its records, counting them in
// st; the caller closes the file.
func openRecords(inPath, query string, st *stats) (mapping.Entity, iter.Seq2[passivetotal.DNSRecord, error], io.Closer, error) {
	entity, err := mapping.NewEntity(query)
	if err != nil {
		return entity, nil, nil, err
	}
	in, err := os.Open(inPath)
	if err != nil {
		return entity, nil, nil, err
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
	return entity, counted, in, nil
}

// writeOut creates outPath and writes it through a buffer with write, returning the
// bytes written.
func writeOut(outPath string, write func(io.Writer) error) (int64, error) {
	out, err := os.Create(outPath)
	if err != nil {
		return 0, err
	}
	cw := &countWriter{w: out}
	bw := bufio.NewWriterSize(cw, 64<<10)
	if err := write(bw); err != nil {
		out.Close()
		return cw.n, err
	}
	if err := bw.Flush(); err != nil {
		out.Close()
		return cw.n, err
	}
	return cw.n, out.Close()
}

func convert(inPath, outPath, query string, maxRecords int) (stats, error) {
	var st stats
	entity, counted, in, err := openRecords(inPath, query, &st)
	if err != nil {
		return st, err
	}
	defer in.Close()
	res, err := mapping.PassiveDNSRecords(entity, counted, mapping.PassiveDNSOptions{
		MaxRecords: maxRecords,
		// Count skips instead of keeping them: a million unusable records
		// must not grow memory.
		OnSkip: func(mapping.Skip) { st.skips++ },
	})
	if err != nil {
		return st, err
	}
	st.cut = res.Cut

	st.bytes, err = writeOut(outPath, func(w io.Writer) error {
		sw := stix.NewBundleWriter(w, "")
		for _, o := range res.AllObjects() {
			if _, err := sw.Write(o); err != nil {
				return err
			}
		}
		st.objects = sw.Count()
		return sw.Close()
	})
	return st, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
