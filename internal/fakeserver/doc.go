// Package fakeserver holds what the public simulators, pttest and
// mdti/mdtitest, share and what does not depend on either API's wire format:
// running a handler on a loopback port or on in-memory connections, the
// status-recording writer of their request logs, and the parts of fault
// serving that are the same for both (when a fault is due, delays, bodies cut
// short, connections reset mid-body, redirects). Each simulator keeps its own
// routes, error bodies and fault catalogue.
package fakeserver
