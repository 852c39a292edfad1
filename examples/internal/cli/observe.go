package cli

import (
	"time"
)

// EventKind says what an Event reports.
type EventKind int

// The events a run reports to its observers.
const (
	// RunStarted: a run (one pass of the importer, or one enricher invocation) begins.
	RunStarted EventKind = iota + 1
	// RunFinished: the run ended; Err is set when it failed.
	RunFinished
	// ItemDone: one article or entity was handled and its bundle written.
	ItemDone
	// ItemSkipped: one article or entity produced no bundle; Reason says why.
	ItemSkipped
	// ObjectSkipped: one input element inside an item was not converted (a mapping skip).
	ObjectSkipped
	// BundleWritten: a bundle reached the sink; Objects counts its objects by type.
	BundleWritten
	// Quota: the remaining searches are known; Remaining and Limit are set.
	Quota
	// Error: something failed without ending the run (a page, an entity).
	Error
)

// Event is one thing that happened during a run. Observers (the summary, the progress
// line, metrics) read what they need and ignore the rest.
type Event struct {
	Kind             EventKind
	Time             time.Time      // when it happened (set by Emit when zero)
	Item             string         // article GUID or entity "type:value"
	Reason           string         // why something was skipped
	Objects          map[string]int // BundleWritten: objects by STIX type
	Remaining, Limit int            // Quota
	Err              error          // RunFinished, Error, ItemSkipped
}

// Observer receives Events. Observe must be safe for concurrent use: the enricher
// reports from several goroutines.
type Observer interface {
	Observe(Event)
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(Event)

// Observe calls f(e).
func (f ObserverFunc) Observe(e Event) { f(e) }

// Observers fans an Event out to several observers, in order.
type Observers []Observer

// Observe passes e to every observer, stamping its time when zero.
func (os Observers) Observe(e Event) {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	for _, o := range os {
		if o != nil {
			o.Observe(e)
		}
	}
}
