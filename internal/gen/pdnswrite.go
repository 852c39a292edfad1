package gen

import (
	"bufio"
	"io"
	"time"
)

// AppendDNSRecord appends rec as a JSON object with the keys in the order the
// API sent them.
func AppendDNSRecord(b []byte, rec DNSRecord) []byte {
	b = append(b, `{"firstSeen":`...)
	b = appendTime(b, rec.FirstSeen)
	b = append(b, `,"lastSeen":`...)
	b = appendTime(b, rec.LastSeen)
	b = append(b, `,"value":`...)
	b = appendString(b, rec.Value)
	b = append(b, `,"collected":`...)
	b = appendTime(b, rec.Collected)
	b = append(b, `,"source":[`...)
	for i, s := range rec.Source {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	b = append(b, `],"recordHash":`...)
	b = appendString(b, rec.RecordHash)
	b = append(b, `,"resolve":`...)
	b = appendString(b, rec.Resolve)
	b = append(b, `,"resolveType":`...)
	b = appendString(b, rec.ResolveType)
	b = append(b, `,"recordType":`...)
	b = appendString(b, rec.RecordType)
	return append(b, '}')
}

// DNSEnvelope is the part of a passive DNS answer that precedes "results".
type DNSEnvelope struct {
	QueryValue, QueryType string
	// FirstSeen and LastSeen are the overall range; zero writes null.
	FirstSeen, LastSeen time.Time
	TotalRecords        int
	// Pager is the raw JSON of the "pager" member; nil writes null.
	Pager []byte
}

// AppendDNSHead appends everything of the answer up to and including
// `"results":[`. Close it with [AppendDNSTail].
func AppendDNSHead(b []byte, e DNSEnvelope) []byte {
	b = append(b, `{"queryValue":`...)
	b = appendString(b, e.QueryValue)
	b = append(b, `,"queryType":`...)
	b = appendString(b, e.QueryType)
	b = append(b, `,"firstSeen":`...)
	b = appendTime(b, e.FirstSeen)
	b = append(b, `,"lastSeen":`...)
	b = appendTime(b, e.LastSeen)
	b = append(b, `,"totalRecords":`...)
	b = appendInt(b, e.TotalRecords)
	b = append(b, `,"pager":`...)
	if e.Pager == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, e.Pager...)
	}
	return append(b, `,"results":[`...)
}

// AppendDNSTail closes an answer opened by [AppendDNSHead].
func AppendDNSTail(b []byte) []byte { return append(b, "]}"...) }

// DNSRange returns the overall firstSeen/lastSeen of the answer selected by
// o, computed without keeping the rows.
func DNSRange(o DNSOptions) (first, last time.Time) {
	o = o.norm()
	ip := QueryType(o.Query) == "ip"
	for i := range o.Records {
		f, l := recordTimes(o, ip, i)
		if first.IsZero() || f.Before(first) {
			first = f
		}
		if l.After(last) {
			last = l
		}
	}
	return first, last
}

// WritePassiveDNS streams the whole GET /dns/passive answer selected by o to
// w, in the real JSON shape with "pager": null. Memory use does not depend
// on o.Records: rows are generated twice (once for the overall time range
// that precedes them in the JSON, once to write them) instead of being kept.
// It returns the number of bytes written.
func WritePassiveDNS(w io.Writer, o DNSOptions) (int64, error) {
	o = o.norm()
	first, last := DNSRange(o)
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := &countWriter{w: bw}
	buf := make([]byte, 0, 1024)
	buf = AppendDNSHead(buf, DNSEnvelope{
		QueryValue: o.Query, QueryType: QueryType(o.Query),
		FirstSeen: first, LastSeen: last, TotalRecords: o.Records,
	})
	for i := range o.Records {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = AppendDNSRecord(buf, DNSRecordAt(o, i))
		if len(buf) > 512 {
			if _, err := cw.Write(buf); err != nil {
				return cw.n, err
			}
			buf = buf[:0]
		}
	}
	buf = AppendDNSTail(buf)
	if _, err := cw.Write(buf); err != nil {
		return cw.n, err
	}
	return cw.n, bw.Flush()
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
