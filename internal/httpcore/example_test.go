package httpcore_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/ptstix/passivetotal/internal/httpcore"
)

// A Graph-shaped backend: bearer tokens asked for on every attempt, Graph's
// error body, a relative GET and a server-given next link.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("$skiptoken") {
		case "":
			io.WriteString(w, `{"value":[{"id":"a"}],"@odata.nextLink":"http://`+r.Host+`/v1.0/ti/hosts/contoso.com/passiveDns?$skiptoken=2"}`)
		default:
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":{"code":"ResourceNotFound","message":"no page for token tok-123","innerError":{"request-id":"r-1"}}}`)
		}
	}))
	defer srv.Close()

	base, err := httpcore.ParseBaseURL(srv.URL+"/v1.0/ti", false)
	if err != nil {
		panic(err)
	}
	core, err := httpcore.New(httpcore.Config{
		Name:            "mdti",
		BaseURL:         base,
		HTTPClient:      srv.Client(),
		MaxResponseSize: 1 << 20,
		Auth: httpcore.BearerAuth(func(context.Context) (string, error) {
			return "tok-123", nil // an oauth2.TokenSource's AccessToken
		}),
		Dialect: httpcore.Dialect{Endpoint: httpcore.RouteLabels("/hosts/{id}/passiveDns")},
	})
	if err != nil {
		panic(err)
	}

	seg, _ := httpcore.PathSegment("contoso.com")
	req, _ := core.NewRequest("GET", "hosts/"+seg+"/passiveDns", url.Values{"$top": {"1"}}, nil)
	var page struct {
		Value    []struct{ ID string }
		NextLink string `json:"@odata.nextLink"`
	}
	resp, err := core.Do(context.Background(), req, &page)
	fmt.Println(resp.StatusCode, resp.Attempts, len(page.Value), err)

	next, err := core.NewRequestURL("GET", page.NextLink, nil)
	if err != nil {
		panic(err)
	}
	_, err = core.Do(context.Background(), next, nil)
	var er *httpcore.ErrorResponse
	errors.As(err, &er)
	fmt.Println(errors.Is(err, httpcore.ErrNotFound), er.ErrorCode, er.RequestID, er.Message)

	_, err = core.NewRequestURL("GET", "https://evil.example/v1.0/ti/hosts", nil)
	fmt.Println(err != nil)
	// Output:
	// 200 1 1 <nil>
	// true ResourceNotFound r-1 no page for token REDACTED
	// true
}
