package opencti

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ptstix/passivetotal/opencti/openctitest"
)

// An empty bundle sends nothing: no expectation, no push, not counted; a bundle the
// splitter refuses fails the run before anything is announced.
func TestSendBundleEmptyAndRefused(t *testing.T) {
	t.Parallel()
	p := openctitest.New(t, openctitest.Broker{})
	c, err := settingsConnector(t, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var bundles, objects int
	err = c.RunImport(context.Background(), func(ctx context.Context, run *ImportRun) (string, error) {
		if err := run.Send(ctx, []byte(`{"type":"bundle","id":"bundle--1","objects":[]}`)); err != nil {
			return "", err
		}
		bundles, objects = run.Bundles(), run.Objects()
		return "", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(p.Calls("addExpectations", "stixBundlePush")); n != 0 || bundles != 0 || objects != 0 {
		t.Errorf("empty bundle: %d calls, %d bundles, %d objects", n, bundles, objects)
	}
	if got := p.Calls("toProcessed")[0].Str("message"); got != "0 bundle(s) sent (0 objects)" {
		t.Errorf("summary %q", got)
	}
	err = c.RunImport(context.Background(), func(ctx context.Context, run *ImportRun) (string, error) {
		return "", run.Send(ctx, []byte(`{"type":"bundle","id":"bundle--2","objects":[{"type":"x-custom","id":"x-custom--1"}]}`))
	})
	var se *SplitError
	if !errors.As(err, &se) || len(p.Calls("addExpectations", "stixBundlePush")) != 0 {
		t.Errorf("refused bundle: err %v, calls %v", err, p.Ops())
	}
}

// Whatever the bytes and the passphrase, decryptKey returns a key or an error, never
// the passphrase in the error.
func FuzzDecryptKey(f *testing.F) {
	for _, name := range []string{"pkcs8.key", "pkcs8-sha1.key", "traditional.key", "plain.key"} {
		b, err := os.ReadFile(filepath.Join("testdata", "tls", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "fixture-pass")
	}
	f.Add([]byte("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n"), "secret-passphrase")
	f.Fuzz(func(t *testing.T, key []byte, pass string) {
		_, err := decryptKey(key, pass)
		if err == nil || len(pass) < 6 || !strings.Contains(err.Error(), pass) {
			return
		}
		// The text may hold the passphrase by chance (it is "PBKDF2"); it leaks
		// only if another passphrase makes it go away.
		if _, other := decryptKey(key, "\x00"+pass+"\x00"); other == nil || !strings.Contains(other.Error(), pass) {
			t.Fatalf("error shows the passphrase: %v", err)
		}
	})
}
