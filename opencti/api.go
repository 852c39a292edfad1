package opencti

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"time"
)

// documents is every GraphQL document the runtime sends; a CI test validates
// each against the platform's schema.
var documents = []string{
	registerMutation, pingMutation, workAddMutation, toReceivedMutation, toProcessedMutation,
	workPingMutation, addExpectationsMutation, queueDetailsQuery, markingsQuery, bundlePushMutation,
}

// API is the set of platform calls the connector protocol needs, on top
// of any GraphQL implementation.
type API struct {
	gql GraphQL
}

// NewAPI wraps gql.
func NewAPI(gql GraphQL) *API { return &API{gql: gql} }

// GraphQL returns the underlying client, for connector-specific queries.
func (a *API) GraphQL() GraphQL { return a.gql }

// Connector types accepted by registerConnector.
const (
	TypeExternalImport     = "EXTERNAL_IMPORT"
	TypeInternalEnrichment = "INTERNAL_ENRICHMENT"
)

// RegisterInput is RegisterConnectorInput. Only fields the platform has
// accepted for several releases are sent; optional newer ones are omitted
// when empty so that older platforms do not refuse the call.
type RegisterInput struct {
	ID                   string   `json:"id"`                              // CONNECTOR_ID, a UUID chosen once
	Name                 string   `json:"name"`                            // shown in the platform
	Type                 string   `json:"type"`                            // TypeExternalImport, TypeInternalEnrichment, ...
	Scope                []string `json:"scope"`                           // entity types an enricher takes; never null
	Auto                 bool     `json:"auto"`                            // enrich new entities without being asked
	OnlyContextual       bool     `json:"only_contextual"`                 // enrich only entities in a container's context
	PlaybookCompatible   bool     `json:"playbook_compatible"`             // false: this runtime does not answer playbooks
	AutoUpdate           bool     `json:"auto_update,omitempty"`           // enrich again when an entity changes
	EnrichmentResolution string   `json:"enrichment_resolution,omitempty"` // "none": no stix_objects in requests
}

// Registration is the platform's answer to registerConnector. Unknown
// members (s3, connector_info, ...) are ignored.
type Registration struct {
	ID              string         `json:"id"`                // the connector's id
	ConnectorState  *string        `json:"connector_state"`   // JSON text; nil when none
	ConnectorUserID string         `json:"connector_user_id"` // the user the connector's work runs as (applicant_id)
	Config          ConnectorQueue `json:"config"`            // the broker and the queues
}

// ConnectorQueue is the RabbitMQ part of a registration.
type ConnectorQueue struct {
	Connection     MQConnection `json:"connection"`      // where the broker is; MQ_* settings override it
	Listen         string       `json:"listen"`          // the queue enrichment requests arrive on
	ListenRouting  string       `json:"listen_routing"`  // its routing key
	ListenExchange string       `json:"listen_exchange"` // its exchange
	Push           string       `json:"push"`            // the queue the platform's worker imports from
	PushRouting    string       `json:"push_routing"`    // the routing key bundles are published with
	PushExchange   string       `json:"push_exchange"`   // the exchange bundles are published to
}

// MQConnection is where the broker is and the credentials the platform
// hands to the connector. Pass is a secret: String and LogValue omit it.
type MQConnection struct {
	Host   string `json:"host"`    // host name or address
	VHost  string `json:"vhost"`   // RabbitMQ virtual host
	UseSSL bool   `json:"use_ssl"` // amqps
	Port   int    `json:"port"`    // TCP port
	User   string `json:"user"`    // broker user
	Pass   string `json:"pass"`    // broker password (secret)
}

// String describes the connection without its password.
func (m MQConnection) String() string {
	scheme := "amqp"
	if m.UseSSL {
		scheme = "amqps"
	}
	return scheme + "://" + m.User + "@" + m.Host + ":" + strconv.Itoa(m.Port) + "/" + m.VHost
}

// LogValue keeps the password out of structured logs.
func (m MQConnection) LogValue() slog.Value { return slog.StringValue(m.String()) }

// GoString keeps the password out of %#v.
func (m MQConnection) GoString() string { return m.String() }

const registerMutation = `mutation RegisterConnector($input: RegisterConnectorInput) {
  registerConnector(input: $input) {
    id connector_state connector_user_id
    config {
      connection { host vhost use_ssl port user pass }
      listen listen_routing listen_exchange push push_routing push_exchange
    }
  }
}`

// RegisterConnector registers (or re-registers) the connector.
func (a *API) RegisterConnector(ctx context.Context, in RegisterInput) (*Registration, error) {
	var out struct {
		R *Registration `json:"registerConnector"`
	}
	if err := a.gql.Do(ctx, registerMutation, map[string]any{"input": in}, &out); err != nil {
		return nil, fmt.Errorf("registerConnector: %w", err)
	}
	if out.R == nil {
		return nil, fmt.Errorf("registerConnector: empty answer")
	}
	return out.R, nil
}

const pingMutation = `mutation PingConnector($id: ID!, $state: String, $connectorInfo: ConnectorInfoInput) {
  pingConnector(id: $id, state: $state, connectorInfo: $connectorInfo) { id connector_state }
}`

// ConnectorInfo is what a ping tells the platform about the connector's
// schedule (pycti's ConnectorInfo; ConnectorInfoInput).
type ConnectorInfo struct {
	RunAndTerminate   bool       `json:"run_and_terminate"`   // one run, then exit
	Buffering         bool       `json:"buffering"`           // the last run was skipped: the push queue was over the threshold
	QueueThreshold    float64    `json:"queue_threshold"`     // MB
	QueueMessagesSize float64    `json:"queue_messages_size"` // MB in the push queue at the last check
	NextRun           *time.Time `json:"next_run_datetime"`   // nil when unknown
	LastRun           *time.Time `json:"last_run_datetime"`   // nil before the first run
}

// PingConnector reports the connector alive with its info (nil: none) and
// saves state (JSON text, nil for none). It returns the state the platform
// holds afterwards, which differs from the one sent when an operator reset it.
func (a *API) PingConnector(ctx context.Context, id string, state []byte, info *ConnectorInfo) (remote []byte, err error) {
	vars := map[string]any{"id": id, "state": nil, "connectorInfo": info}
	if state != nil {
		vars["state"] = string(state)
	}
	var out struct {
		P *struct {
			ConnectorState *string `json:"connector_state"`
		} `json:"pingConnector"`
	}
	if err := a.gql.Do(ctx, pingMutation, vars, &out); err != nil {
		return nil, fmt.Errorf("pingConnector: %w", err)
	}
	if out.P == nil || out.P.ConnectorState == nil {
		return nil, nil
	}
	return []byte(*out.P.ConnectorState), nil
}

const workAddMutation = `mutation WorkAdd($connectorId: String!, $friendlyName: String) {
  workAdd(connectorId: $connectorId, friendlyName: $friendlyName) { id }
}`

// WorkAdd opens a work (one importer run) and returns its id.
func (a *API) WorkAdd(ctx context.Context, connectorID, friendlyName string) (string, error) {
	var out struct {
		W *struct {
			ID string `json:"id"`
		} `json:"workAdd"`
	}
	vars := map[string]any{"connectorId": connectorID, "friendlyName": friendlyName}
	if err := a.gql.Do(ctx, workAddMutation, vars, &out); err != nil {
		return "", fmt.Errorf("workAdd: %w", err)
	}
	if out.W == nil || out.W.ID == "" {
		return "", fmt.Errorf("workAdd: no work id in answer")
	}
	return out.W.ID, nil
}

const (
	toReceivedMutation = `mutation WorkToReceived($id: ID!, $message: String) {
  workEdit(id: $id) { toReceived(message: $message) }
}`
	toProcessedMutation = `mutation WorkToProcessed($id: ID!, $message: String, $inError: Boolean) {
  workEdit(id: $id) { toProcessed(message: $message, inError: $inError) }
}`
	workPingMutation = `mutation WorkPing($id: ID!) {
  workEdit(id: $id) { ping }
}`
	addExpectationsMutation = `mutation WorkAddExpectations($id: ID!, $expectations: Int) {
  workEdit(id: $id) { addExpectations(expectations: $expectations) }
}`
)

// AddExpectations raises the number of objects the work waits for before it
// is complete; call it before publishing them.
func (a *API) AddExpectations(ctx context.Context, workID string, n int) error {
	if err := a.gql.Do(ctx, addExpectationsMutation, map[string]any{"id": workID, "expectations": n}, nil); err != nil {
		return fmt.Errorf("workEdit addExpectations: %w", err)
	}
	return nil
}

const queueDetailsQuery = `query ConnectorQueueDetails($id: String!) {
  connector(id: $id) { id connector_queue_details { messages_number messages_size } }
}`

// QueueDetails is the size of a connector's push queue.
type QueueDetails struct {
	Messages float64 `json:"messages_number"` // messages waiting
	Bytes    float64 `json:"messages_size"`   // their size in bytes
}

// ConnectorQueueDetails reads the connector's push queue figures.
func (a *API) ConnectorQueueDetails(ctx context.Context, connectorID string) (QueueDetails, error) {
	var out struct {
		C *struct {
			Q QueueDetails `json:"connector_queue_details"`
		} `json:"connector"`
	}
	if err := a.gql.Do(ctx, queueDetailsQuery, map[string]any{"id": connectorID}, &out); err != nil {
		return QueueDetails{}, fmt.Errorf("connector queue details: %w", err)
	}
	if out.C == nil {
		return QueueDetails{}, fmt.Errorf("connector queue details: the platform does not know connector %s", connectorID)
	}
	return out.C.Q, nil
}

const markingsQuery = `query EntityMarkings($id: String!) {
  stixCoreObject(id: $id) { id objectMarking { standard_id definition_type definition } }
}`

// EntityMarkings reads an entity's markings as the platform holds them (what
// pycti's enrichment reader does); found is false when the platform has no
// such entity or the connector may not see it.
func (a *API) EntityMarkings(ctx context.Context, entityID string) (m []MarkingRef, found bool, err error) {
	var out struct {
		O *struct {
			Markings []MarkingRef `json:"objectMarking"`
		} `json:"stixCoreObject"`
	}
	if err := a.gql.Do(ctx, markingsQuery, map[string]any{"id": entityID}, &out); err != nil {
		return nil, false, fmt.Errorf("entity markings: %w", err)
	}
	if out.O == nil {
		return nil, false, nil
	}
	return out.O.Markings, true, nil
}

// WorkToReceived marks an enrichment work as picked up.
func (a *API) WorkToReceived(ctx context.Context, workID, message string) error {
	if err := a.gql.Do(ctx, toReceivedMutation, map[string]any{"id": workID, "message": message}, nil); err != nil {
		return fmt.Errorf("workEdit toReceived: %w", err)
	}
	return nil
}

// WorkToProcessed closes a work with a summary, in error or not.
func (a *API) WorkToProcessed(ctx context.Context, workID, message string, inError bool) error {
	vars := map[string]any{"id": workID, "message": message, "inError": inError}
	if err := a.gql.Do(ctx, toProcessedMutation, vars, nil); err != nil {
		return fmt.Errorf("workEdit toProcessed: %w", err)
	}
	return nil
}

// WorkPing tells the platform a long work is still going.
func (a *API) WorkPing(ctx context.Context, workID string) error {
	if err := a.gql.Do(ctx, workPingMutation, map[string]any{"id": workID}, nil); err != nil {
		return fmt.Errorf("workEdit ping: %w", err)
	}
	return nil
}

const bundlePushMutation = `mutation StixBundlePush($connectorId: String!, $bundle: String!, $work_id: String) {
  stixBundlePush(connectorId: $connectorId, bundle: $bundle, work_id: $work_id)
}`

// StixBundlePush hands a whole bundle to the platform over GraphQL (the
// CONNECTOR_QUEUE_PROTOCOL=api path; OpenCTI >= 6.3). An empty workID lets
// the platform open a work itself.
func (a *API) StixBundlePush(ctx context.Context, connectorID, workID string, bundle []byte) error {
	if !json.Valid(bundle) {
		return fmt.Errorf("stixBundlePush: bundle is not JSON")
	}
	vars := map[string]any{"connectorId": connectorID, "bundle": string(bundle), "work_id": nil}
	if workID != "" {
		vars["work_id"] = workID
	}
	var out struct {
		OK *bool `json:"stixBundlePush"`
	}
	if err := a.gql.Do(ctx, bundlePushMutation, vars, &out); err != nil {
		return fmt.Errorf("stixBundlePush: %w", err)
	}
	if out.OK != nil && !*out.OK {
		return fmt.Errorf("stixBundlePush: platform answered false")
	}
	return nil
}
