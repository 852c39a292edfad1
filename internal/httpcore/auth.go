package httpcore

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// Authorizer sets the credentials of one attempt on req, a copy the
// attempt owns (typically its Authorization header). It runs before every
// attempt, so a token that expires between retries is renewed, and only
// for requests to the base URL's scheme and host: credentials never go
// anywhere else. The credential it sets in the Authorization header is
// added to the client's Scrubber, so a token learned at run time is
// scrubbed like a configured key. An error ends the call unretried.
type Authorizer func(req *http.Request) error

// BasicAuth sends user and password as HTTP Basic credentials.
func BasicAuth(user, password string) Authorizer {
	header := "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
	return func(req *http.Request) error {
		req.Header.Set("Authorization", header)
		return nil
	}
}

// BearerAuth sends "Authorization: Bearer <token>", asking token for the
// current value before every attempt (an oauth2.TokenSource caches and
// renews it: func(context.Context) (string, error) { t, err := ts.Token();
// ...; return t.AccessToken, nil }).
func BearerAuth(token func(ctx context.Context) (string, error)) Authorizer {
	return func(req *http.Request) error {
		tok, err := token(req.Context())
		if err != nil {
			return err
		}
		if tok == "" || strings.ContainsAny(tok, "\r\n\x00") {
			return errors.New("token source returned an empty or malformed token")
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		return nil
	}
}

// authTransport applies the Authorizer to every attempt bound for the base
// URL's origin, and registers the credential with the scrubber.
type authTransport struct {
	auth     Authorizer
	base     *url.URL
	scrubber *Scrubber
	next     http.RoundTripper
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.EqualFold(req.URL.Host, t.base.Host) || (req.URL.Scheme != t.base.Scheme && req.URL.Scheme != "https") {
		// A redirect that the caller's CheckRedirect let through to another
		// origin: it goes without our credentials.
		r := req.Clone(req.Context())
		r.Header.Del("Authorization")
		return t.next.RoundTrip(r)
	}
	r := req.Clone(req.Context())
	if err := t.auth(r); err != nil {
		closeRequestBody(req)
		return nil, &authError{err: t.scrubber.Error(err)}
	}
	if v := r.Header.Get("Authorization"); v != "" {
		t.scrubber.Add(v)
		if _, cred, ok := strings.Cut(v, " "); ok {
			t.scrubber.Add(strings.TrimSpace(cred))
		}
	}
	return t.next.RoundTrip(r)
}

// authError is a failure to obtain or apply credentials (a token endpoint
// refusing the client secret, for instance). It is not retried: the call's
// retries are for the API, and the token source has its own.
type authError struct{ err error }

func (e *authError) Error() string { return "authorization: " + e.err.Error() }
func (e *authError) Unwrap() error { return e.err }
