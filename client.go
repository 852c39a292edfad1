package passivetotal

// TEMPORARY SKELETON written by the lead so parallel work compiles.
// The client-core owner replaces this file entirely.

import (
	"context"
	"net/http"
	"net/url"
)

// Client talks to the PassiveTotal v2 API.
type Client struct{}

// Response wraps the last HTTP response of a call.
type Response struct {
	*http.Response
}

// get sends GET path?query through the whole stack and decodes a JSON body into v.
// search reports whether the call spends a search from the account quota (the quota
// guard checks and counts those).
func (c *Client) get(ctx context.Context, path string, query url.Values, search bool, v any) (*Response, error) {
	panic("skeleton")
}
