package opencti

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// GraphQL runs one GraphQL operation against the platform and decodes the
// "data" member of the answer into out (which may be nil). It is the narrow
// seam between the connector runtime and the platform: tests and connectors
// may substitute their own implementation.
type GraphQL interface {
	Do(ctx context.Context, query string, vars any, out any) error
}

type draftKey struct{}

// WithDraftID returns a context under which the HTTP client's calls carry the
// opencti-draft-id header, so that what they write lands in that draft (pycti's
// set_draft_id while it handles a request made inside a draft). "" means none.
func WithDraftID(ctx context.Context, draftID string) context.Context {
	if draftID == "" {
		return ctx
	}
	return context.WithValue(ctx, draftKey{}, draftID)
}

func draftID(ctx context.Context) string {
	s, _ := ctx.Value(draftKey{}).(string)
	return s
}

// maxResponse bounds how much of a platform answer is read; the largest
// answers the runtime asks for (registration, state) are a few kB, but a
// connector may use the same client for stix(id) queries.
const maxResponse = 64 << 20

// ErrUnauthorized matches (errors.Is) a GraphQLError caused by a missing or
// refused token: HTTP 401/403 or an AUTH_REQUIRED/FORBIDDEN_ACCESS code.
var ErrUnauthorized = errors.New("opencti: unauthorized")

// HTTPClient is the production GraphQL implementation: POST <url>/graphql
// with "Authorization: Bearer <token>". The token only ever lives in the
// request header; it never appears in errors or logs.
type HTTPClient struct {
	endpoint string // <OPENCTI_URL>/graphql, with any userinfo removed
	token    string
	hc       *http.Client
	// UserAgent is sent with every request when not empty.
	UserAgent string
}

// NewHTTPClient returns a GraphQL client for the platform at baseURL
// (OPENCTI_URL, e.g. "http://opencti:8080"). A nil hc means
// http.DefaultClient; callers should give one with a timeout.
func NewHTTPClient(baseURL, token string, hc *http.Client) (*HTTPClient, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("opencti: platform URL must be http(s)://host[:port][/path]")
	}
	u.User = nil // never carry credentials in the URL we print
	u.Path = strings.TrimSuffix(u.Path, "/") + "/graphql"
	u.RawQuery, u.Fragment = "", ""
	if hc == nil {
		hc = http.DefaultClient
	}
	return &HTTPClient{endpoint: u.String(), token: token, hc: hc}, nil
}

// GraphQLError is a failed GraphQL call: a non-2xx status, an answer that
// is not JSON, or an "errors" array (which is a failure even with HTTP 200).
type GraphQLError struct {
	StatusCode int            // HTTP status; 0 when the request never got an answer
	Errors     []ErrorMessage // the answer's "errors" array, if any
	Err        error          // transport or decoding error, if any
}

// ErrorMessage is one entry of a GraphQL "errors" array.
type ErrorMessage struct {
	Message    string          `json:"message"`        // the platform's text
	Path       []any           `json:"path,omitempty"` // the field that failed
	Extensions ErrorExtensions `json:"extensions"`     // its code
}

// ErrorExtensions is the part of an error's "extensions" the runtime reads;
// other members are ignored.
type ErrorExtensions struct {
	Code string `json:"code"` // e.g. AUTH_REQUIRED, FORBIDDEN_ACCESS
}

// Error summarises the failure without the request, its token or its body.
func (e *GraphQLError) Error() string {
	var b strings.Builder
	b.WriteString("opencti: graphql")
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.StatusCode)
	}
	for i, m := range e.Errors {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more", len(e.Errors)-i)
			break
		}
		b.WriteString(": ")
		b.WriteString(m.Message)
		if m.Extensions.Code != "" {
			b.WriteString(" (" + m.Extensions.Code + ")")
		}
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap gives the transport or decoding error.
func (e *GraphQLError) Unwrap() error { return e.Err }

// Is reports whether the failure is an authorization refusal.
func (e *GraphQLError) Is(target error) bool {
	if target != ErrUnauthorized {
		return false
	}
	if e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden {
		return true
	}
	for _, m := range e.Errors {
		if c := m.Extensions.Code; c == "AUTH_REQUIRED" || c == "FORBIDDEN_ACCESS" {
			return true
		}
	}
	return false
}

type gqlRequest struct {
	Query     string `json:"query"`
	Variables any    `json:"variables,omitempty"`
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []ErrorMessage  `json:"errors"`
}

// Do implements GraphQL.
func (c *HTTPClient) Do(ctx context.Context, query string, vars any, out any) error {
	body, err := json.Marshal(gqlRequest{Query: query, Variables: vars})
	if err != nil {
		return &GraphQLError{Err: fmt.Errorf("encoding variables: %w", err)}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return &GraphQLError{Err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	if d := draftID(ctx); d != "" {
		req.Header.Set("opencti-draft-id", d)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return &GraphQLError{Err: scrubURLError(err)}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return &GraphQLError{StatusCode: resp.StatusCode, Err: fmt.Errorf("reading answer: %w", err)}
	}
	if len(raw) > maxResponse {
		return &GraphQLError{StatusCode: resp.StatusCode, Err: errors.New("answer larger than 64 MiB")}
	}
	var r gqlResponse
	decErr := json.Unmarshal(raw, &r)
	switch {
	case len(r.Errors) > 0:
		return &GraphQLError{StatusCode: statusIfFailed(resp.StatusCode), Errors: r.Errors}
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return &GraphQLError{StatusCode: resp.StatusCode}
	case decErr != nil:
		return &GraphQLError{StatusCode: resp.StatusCode, Err: fmt.Errorf("answer is not GraphQL JSON: %w", decErr)}
	}
	if out == nil {
		return nil
	}
	if len(r.Data) == 0 || string(r.Data) == "null" {
		return &GraphQLError{StatusCode: resp.StatusCode, Err: errors.New("answer has no data")}
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		return &GraphQLError{StatusCode: resp.StatusCode, Err: fmt.Errorf("decoding data: %w", err)}
	}
	return nil
}

// statusIfFailed keeps the status in errors only when it says something.
func statusIfFailed(code int) int {
	if code >= 200 && code <= 299 {
		return 0
	}
	return code
}

// scrubURLError drops the URL from a *url.Error (it could carry userinfo an
// operator put in OPENCTI_URL) and keeps the operation and cause.
func scrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", strings.ToLower(ue.Op), ue.Err)
	}
	return err
}
