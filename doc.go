// Package passivetotal is a client for the RiskIQ PassiveTotal v2 API.
package passivetotal
