package passivetotal

import (
	"context"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ptstix/passivetotal/internal/httpcore"
)

// Passive DNS lookups are the API's "searches": each request (each page
// of a paged answer) is made with search=true, so the quota guard checks
// and counts it, as the old OpenCTI enricher budgeted them.

// PassiveDNSOptions are the parameters of GET /dns/passive and
// GET /dns/passive/unique.
type PassiveDNSOptions struct {
	// Start keeps records last seen after this instant; End keeps records
	// first seen before it. Sent as "YYYY-MM-DD HH:MM:SS" in UTC; zero
	// sends nothing.
	Start, End time.Time
	// Timeout is the time the server may spend on third-party sources,
	// sent in whole seconds (rounded up). Zero sends nothing (server
	// default).
	Timeout time.Duration
	// Sources limits the answer to these sources (e.g. "riskiq",
	// "pingly"); sent comma-separated.
	Sources []string
}

// LastDays returns options for the days before now: Start is now minus
// days (UTC). The caller passes now (time.Now() in a program, a fixed
// instant in a test), so the computation has no hidden clock. days <= 0
// leaves Start unset (all history).
func LastDays(now time.Time, days int) *PassiveDNSOptions {
	o := &PassiveDNSOptions{}
	if days > 0 {
		o.Start = now.UTC().AddDate(0, 0, -days)
	}
	return o
}

const pdnsTimeLayout = time.DateTime // "2006-01-02 15:04:05", the API's own format

func (o *PassiveDNSOptions) values(query string) url.Values {
	q := url.Values{"query": {query}}
	if o == nil {
		return q
	}
	if !o.Start.IsZero() {
		q.Set("start", o.Start.UTC().Format(pdnsTimeLayout))
	}
	if !o.End.IsZero() {
		q.Set("end", o.End.UTC().Format(pdnsTimeLayout))
	}
	if o.Timeout > 0 {
		secs := (o.Timeout + time.Second - 1) / time.Second
		q.Set("timeout", strconv.FormatInt(int64(secs), 10))
	}
	var src []string
	for _, s := range o.Sources {
		if s = strings.TrimSpace(s); s != "" {
			src = append(src, s)
		}
	}
	if len(src) > 0 {
		q.Set("sources", strings.Join(src, ","))
	}
	return q
}

// maxPagerPages bounds how many pages PassiveDNS follows, so a server whose
// cursor never ends cannot spend the whole quota.
const maxPagerPages = 1000

// ErrPageBudget matches the *PageBudgetError of a listing still going when
// its page budget was spent (1000 pages for a passive DNS pager and for an
// article listing).
var ErrPageBudget = httpcore.ErrPageBudget

// PageBudgetError reports a listing still going after its page budget:
// Listing names it ("passive DNS pager", "article listing"), Pages is the
// budget. It matches ErrPageBudget.
type PageBudgetError = httpcore.PageBudgetError

// PassiveDNS returns the passive DNS resolutions of a domain or an IP
// address (GET /dns/passive). When the server answers with a pager that
// names a next page, PassiveDNS follows it (direction=next, page=<id>) and
// returns one answer with every page's records; Pager is then the last
// page's. The *Response is the last page's. A failed request returns no
// answer; when the pager repeats a cursor (ErrRepeatedPage) or runs past
// 1000 pages, the pages read so far are returned with the error.
//
// The query is validated first (see ValidateDNSQuery): an invalid one is an
// *InvalidQueryError and spends nothing. Each page spends a search.
func (c *Client) PassiveDNS(ctx context.Context, query string, opts *PassiveDNSOptions) (*PassiveDNS, *Response, error) {
	query, err := ValidateDNSQuery(query)
	if err != nil {
		return nil, nil, err
	}
	return followPager[PassiveDNS](ctx, c, "dns/passive", opts.values(query))
}

// UniqueResolutions returns the distinct resolutions of a domain or an IP
// address with how often each was seen (GET /dns/passive/unique). It
// validates the query and follows a pager like PassiveDNS. Each page spends
// a search.
func (c *Client) UniqueResolutions(ctx context.Context, query string, opts *PassiveDNSOptions) (*UniqueResolutions, *Response, error) {
	query, err := ValidateDNSQuery(query)
	if err != nil {
		return nil, nil, err
	}
	return followPager[UniqueResolutions](ctx, c, "dns/passive/unique", opts.values(query))
}

// pagedAnswer is a passive DNS answer that may come in pages: it names its
// pager and takes in a later page.
type pagedAnswer[T any] interface {
	*T
	pager() *Pager
	merge(later *T)
}

// followPager gets path with q, then each next page the server's pager
// names (direction=next, page=<id>), and merges every later page into the
// first. Each page spends a search. A failed request returns no answer; a
// repeated cursor or a spent page budget returns what was read with the
// error.
func followPager[T any, P pagedAnswer[T]](ctx context.Context, c *Client, path string, q url.Values) (*T, *Response, error) {
	var out P
	seen := map[string]bool{}
	for page := 0; ; page++ {
		p := P(new(T))
		resp, err := c.get(ctx, path, q, true, p)
		if err != nil {
			return nil, resp, err
		}
		if out == nil {
			out = p
		} else {
			out.merge(p)
		}
		next, stop, err := nextPage(p.pager(), seen, page)
		if err != nil || stop {
			return out, resp, err
		}
		q.Set("direction", "next")
		q.Set("page", next)
	}
}

func (p *PassiveDNS) pager() *Pager { return p.Pager }

// merge appends a later page's records and widens the envelope to cover it.
func (p *PassiveDNS) merge(later *PassiveDNS) {
	p.Results = append(p.Results, later.Results...)
	p.Pager = later.Pager
	mergeRange(&p.FirstSeen, &p.LastSeen, later.FirstSeen, later.LastSeen)
	p.TotalRecords = max(p.TotalRecords, later.TotalRecords)
}

func (u *UniqueResolutions) pager() *Pager { return u.Pager }

// merge appends a later page's resolutions and counts.
func (u *UniqueResolutions) merge(later *UniqueResolutions) {
	u.Results = append(u.Results, later.Results...)
	u.Frequency = append(u.Frequency, later.Frequency...)
	u.Pager = later.Pager
	u.Total = max(u.Total, later.Total)
}

// nextPage decides whether to follow a pager: stop when there is no next
// page; an error when the cursor repeats or the page budget is spent.
func nextPage(p *Pager, seen map[string]bool, page int) (next string, stop bool, err error) {
	if !p.HasNext() {
		return "", true, nil
	}
	if seen[p.Next] {
		return "", true, fmt.Errorf("%w (pager next %q)", ErrRepeatedPage, p.Next)
	}
	if page+1 >= maxPagerPages {
		return "", true, &PageBudgetError{Listing: "passive DNS pager", Pages: maxPagerPages}
	}
	seen[p.Next] = true
	return p.Next, false, nil
}

// mergeRange widens [first, last] to cover [f, l]; invalid times are ignored.
func mergeRange(first, last *Time, f, l Time) {
	if f.Valid() && (!first.Valid() || f.Before(first.Time)) {
		*first = f
	}
	if l.Valid() && (!last.Valid() || l.After(last.Time)) {
		*last = l
	}
}

// InvalidQueryError reports a query refused before any request was sent
// (so no quota was spent).
type InvalidQueryError struct {
	Query  string // the value as given
	Reason string
}

// Error names the refused value and why it was refused.
func (e *InvalidQueryError) Error() string {
	return "passivetotal: invalid query " + strconv.Quote(e.Query) + ": " + e.Reason
}

// ValidateDNSQuery checks that query is an IP address (IPv4 or IPv6, no
// zone) or a domain name, and returns it trimmed of surrounding spaces. A
// domain has at least two labels of letters, digits, "-" or "_" (1 to 63
// bytes each, 253 in all), an optional trailing dot, an optional leading
// "*." wildcard, and a last label that is not all digits. Anything else is
// an *InvalidQueryError naming the value.
func ValidateDNSQuery(query string) (string, error) {
	q := strings.TrimSpace(query)
	if q == "" {
		return "", &InvalidQueryError{Query: query, Reason: "empty query"}
	}
	if addr, err := netip.ParseAddr(q); err == nil {
		if addr.Zone() != "" {
			return "", &InvalidQueryError{Query: query, Reason: "IP address with a zone"}
		}
		return q, nil
	}
	if reason := domainProblem(q); reason != "" {
		return "", &InvalidQueryError{Query: query, Reason: "neither an IP address nor a domain name: " + reason}
	}
	return q, nil
}

func domainProblem(d string) string {
	if !utf8.ValidString(d) {
		return "not valid UTF-8"
	}
	d = strings.TrimSuffix(d, ".")
	d = strings.TrimPrefix(d, "*.")
	if len(d) > 253 {
		return "longer than 253 bytes"
	}
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return "a single label"
	}
	for _, l := range labels {
		if l == "" {
			return "empty label"
		}
		if len(l) > 63 {
			return "label longer than 63 bytes"
		}
		for _, r := range l {
			if r != '-' && r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
				return fmt.Sprintf("character %q not allowed", r)
			}
		}
	}
	tld := labels[len(labels)-1]
	if strings.Trim(tld, "0123456789") == "" {
		return "all-numeric last label"
	}
	return ""
}
