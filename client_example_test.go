package passivetotal_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"time"

	"golang.org/x/time/rate"

	"github.com/ptstix/passivetotal"
)

func ExampleNewClient() {
	client, err := passivetotal.NewClient("analyst@example.com", "api-key",
		passivetotal.WithBaseURL("https://api.passivetotal.org/v2"),
		passivetotal.WithRateLimit(rate.Every(200*time.Millisecond), 2),
		passivetotal.WithAttemptTimeout(45*time.Second),
		passivetotal.WithUserAgent("my-connector/1.0"),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(client.BaseURL())

	// Plain http to a remote host is refused: the key would travel in clear.
	_, err = passivetotal.NewClient("analyst@example.com", "api-key",
		passivetotal.WithBaseURL("http://api.passivetotal.org/v2"))
	fmt.Println(err != nil)
	// Output:
	// https://api.passivetotal.org/v2
	// true
}

// Do reaches endpoints the SDK does not model, through the same stack.
func ExampleClient_Do() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"domain":"`+r.URL.Query().Get("query")+`","registrar":"Example Registrar"}`)
	}))
	defer srv.Close()
	client, err := passivetotal.NewClient("analyst@example.com", "api-key", passivetotal.WithBaseURL(srv.URL+"/v2"))
	if err != nil {
		log.Fatal(err)
	}

	req, err := client.NewRequest("GET", "whois", url.Values{"query": {"example.com"}}, nil)
	if err != nil {
		log.Fatal(err)
	}
	var whois struct {
		Domain    string `json:"domain"`
		Registrar string `json:"registrar"`
	}
	if _, err := client.Do(context.Background(), req, &whois); err != nil {
		log.Fatal(err)
	}
	fmt.Println(whois.Domain, whois.Registrar)
	// Output: example.com Example Registrar
}

func ExampleClient_Quota() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{
		  "user": {"counts": {"search_api": 100}, "limits": {"search_api": 1000},
		           "next_reset": "2021-01-02 00:00:00"},
		  "organization": {"counts": {"search_api": 60}, "limits": {"search_api": 100},
		           "licenseCounts": {"enterprise": {"searchApi": 0}},
		           "next_reset": "2021-01-02 00:00:00"}}`)
	}))
	defer srv.Close()
	client, err := passivetotal.NewClient("analyst@example.com", "api-key", passivetotal.WithBaseURL(srv.URL+"/v2"))
	if err != nil {
		log.Fatal(err)
	}

	q, _, err := client.Quota(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	_, scope := q.Binding()
	fmt.Println(q.Remaining(), scope, q.Exhausted(), q.NextReset().Format(time.RFC3339))
	// Output: 40 organization false 2021-01-02T00:00:00Z
}

// Errors match the package's sentinels with errors.Is.
func ExampleErrorResponse() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":{"http_code":401,"message":"API key provided does not match any user."}}`)
	}))
	defer srv.Close()
	client, err := passivetotal.NewClient("analyst@example.com", "wrong-key", passivetotal.WithBaseURL(srv.URL+"/v2"))
	if err != nil {
		log.Fatal(err)
	}

	_, _, err = client.Quota(context.Background())
	var er *passivetotal.ErrorResponse
	if errors.As(err, &er) {
		fmt.Println(er.StatusCode, er.Message)
	}
	fmt.Println(errors.Is(err, passivetotal.ErrUnauthorized))
	// Output:
	// 401 API key provided does not match any user.
	// true
}
