package opencti

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/ptstix/passivetotal/opencti/amqp"
)

// SendBundle delivers a bundle the way pycti does, so that the platform's
// worker imports all of it: cut into one-object bundles in dependency order
// (SplitBundle), the work's expectations raised by their number before the
// first leaves (the worker drops the messages of a work that toProcessed has
// closed, and toProcessed closes it once as many objects were imported as
// expected), then each piece delivered over AMQP or the API. An empty bundle
// sends nothing. It returns the number of pieces sent.
func (c *Connector) SendBundle(ctx context.Context, to Target, bundle []byte) (int, error) {
	if c.sender == nil {
		return 0, errors.New("opencti: SendBundle before Start")
	}
	pieces, err := SplitBundle(bundle)
	if err != nil || len(pieces) == 0 {
		return 0, err
	}
	if to.WorkID != "" {
		if err := c.api.AddExpectations(WithDraftID(ctx, to.DraftID), to.WorkID, len(pieces)); err != nil {
			return 0, err
		}
	}
	if err := c.sender.Send(ctx, to, pieces); err != nil {
		return 0, err
	}
	return len(pieces), nil
}

// amqpSender publishes one QUEUE_BUNDLE message per piece, pipelined.
type amqpSender struct {
	pub         *amqp.Publisher
	queue       string
	applicantID string
}

func (s *amqpSender) Send(ctx context.Context, to Target, pieces [][]byte) error {
	msgs := make([]amqp.Message, len(pieces))
	for i, piece := range pieces {
		body, err := NewQueueMessage(piece, s.applicantID, to, i+1, false)
		if err != nil {
			return err
		}
		// A content-derived id lets anyone looking at the queue spot the rare
		// duplicate that at-least-once delivery can produce.
		sum := sha256.Sum256(body)
		msgs[i] = amqp.Message{Body: body, MessageID: hex.EncodeToString(sum[:16])}
	}
	err := s.pub.PublishAll(ctx, msgs)
	if errors.Is(err, amqp.ErrRefused) {
		return fmt.Errorf("the push queue %s no longer takes messages (was the connector deleted in OpenCTI?): %w", s.queue, err)
	}
	return err
}

func (s *amqpSender) Close() error { return s.pub.Close() }

// apiSender uses the stixBundlePush mutation, one call per piece: with a work
// id the platform adds no expectation, and the pieces need no splitting.
type apiSender struct {
	api         *API
	connectorID string
}

func (s *apiSender) Send(ctx context.Context, to Target, pieces [][]byte) error {
	ctx = WithDraftID(ctx, to.DraftID)
	for _, piece := range pieces {
		if err := s.api.StixBundlePush(ctx, s.connectorID, to.WorkID, piece); err != nil {
			return err
		}
	}
	return nil
}

func (s *apiSender) Close() error { return nil }
