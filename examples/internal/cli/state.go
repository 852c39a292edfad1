package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// State is what the articles importer remembers between runs. It improves on the old
// connector's {latest_run_timestamp, latest_article_timestamp} (Unix seconds, first page
// only): the cursor keeps the full timestamp, and the GUIDs already sent on the cursor's
// day make the next run, which asks the API for everything created on or after that
// day (createdAfter is a date), skip exactly what it already delivered.
type State struct {
	// LastArticleTime is the created time of the newest article handled (RFC 3339, UTC).
	LastArticleTime time.Time `json:"last_article_time,omitzero"`
	// SentGUIDs are the articles handled (sent or skipped as bad) whose created day is on or
	// after LastArticleTime's day, sorted.
	SentGUIDs []string `json:"sent_guids,omitempty"`
	// LastRunTime is when the last run finished a page (RFC 3339, UTC).
	LastRunTime time.Time `json:"last_run_time,omitzero"`
	// SentBundles maps the key of a bundle sent apart from the articles
	// ("profile:<id>") to the hash of its content, so a run sends it again
	// only when it changed. A document without it is the state of a run
	// that sent none.
	SentBundles map[string]string `json:"sent_bundles,omitempty"`
	// Legacy fields, kept so a deployment can read the old connector's document.
	LatestArticleTimestamp int64 `json:"latest_article_timestamp,omitempty"`
	LatestRunTimestamp     int64 `json:"latest_run_timestamp,omitempty"`
}

// Since returns the instant the next run asks from: the cursor, or the old connector's
// latest_article_timestamp when only that is known.
func (s State) Since() time.Time {
	if !s.LastArticleTime.IsZero() {
		return s.LastArticleTime
	}
	if s.LatestArticleTimestamp > 0 {
		return time.Unix(s.LatestArticleTimestamp, 0).UTC()
	}
	return time.Time{}
}

// StateStore loads and saves State. FileStore keeps it in a file; the OpenCTI connector
// mode keeps it in the platform (through pings) behind the same interface.
type StateStore interface {
	Load(ctx context.Context) (State, error)
	Save(ctx context.Context, s State) error
}

// MemoryStore keeps State in memory: a run with no -state still remembers between
// periodic runs of one process.
type MemoryStore struct {
	mu sync.Mutex
	s  State
}

// Load returns the last saved State.
func (m *MemoryStore) Load(context.Context) (State, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.s
	s.SentGUIDs = slices.Clone(s.SentGUIDs)
	s.SentBundles = maps.Clone(s.SentBundles)
	return s, nil
}

// Save keeps a copy of s.
func (m *MemoryStore) Save(_ context.Context, s State) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s.SentGUIDs = slices.Clone(s.SentGUIDs)
	s.SentBundles = maps.Clone(s.SentBundles)
	m.s = s
	return nil
}

// FileStore keeps State as JSON in a file. Save is atomic: it writes a temporary file in
// the same directory, syncs it and renames it over the old one, so a crash or a kill
// leaves either the old state or the new one, never half of one.
type FileStore struct {
	Path string
}

// Load reads the file; a missing file is an empty State (the first run).
func (f FileStore) Load(context.Context) (State, error) {
	var s State
	b, err := os.ReadFile(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("state file: %w", err)
	}
	if len(b) == 0 {
		return s, nil
	}
	// Strict: a file with other fields is not ours, and Save would overwrite it.
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return State{}, fmt.Errorf("state file %s: not a state document (refusing to overwrite it): %w", f.Path, err)
	}
	s.LastArticleTime = s.LastArticleTime.UTC()
	s.LastRunTime = s.LastRunTime.UTC()
	return s, nil
}

// CheckWritable reports whether Save can write the file: it creates and removes a
// temporary file beside it. A run checks this before it sends anything, so a state file in
// a missing or read-only directory is a configuration error, not a failure after the
// first article has gone out (which the next run would send again).
func (f FileStore) CheckWritable() error {
	tmp, err := os.CreateTemp(filepath.Dir(f.Path), "."+filepath.Base(f.Path)+".check-*")
	if err != nil {
		return fmt.Errorf("state file %s cannot be written: %w", f.Path, err)
	}
	name := tmp.Name()
	tmp.Close()
	return os.Remove(name)
}

// Save writes s atomically.
func (f FileStore) Save(_ context.Context, s State) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("state file: %w", err)
	}
	return WriteFileAtomic(f.Path, append(b, '\n'), 0o600)
}

// WriteFileAtomic writes data to path through a temporary file in the same directory
// and a rename, so readers never see a partial file.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	return WriteFileAtomicFunc(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteFileAtomicFunc is WriteFileAtomic for content written by write (a bundle
// streamed as it is built): path appears, complete and synced, only if write and every
// file operation succeed.
func WriteFileAtomicFunc(path string, perm os.FileMode, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
