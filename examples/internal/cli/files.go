package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ListJSON returns path itself when it is a file, or the *.json files under it (at any
// depth) sorted, for -input: both programs convert saved response bodies this way.
func ListJSON(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".json") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s holds no .json file", path)
	}
	slices.Sort(files)
	return files, nil
}

// CheckJSON reads r to its end and reports whether it holds exactly one well-formed JSON
// value, in bounded memory (a token at a time), so a saved body of any size can be told
// whole or broken without being decoded: a truncated file is a failure, not a body of
// another kind to leave out.
func CheckJSON(r io.Reader) error {
	dec := json.NewDecoder(bufio.NewReaderSize(r, 64<<10))
	// Numbers are checked for their syntax only: a float64 cannot hold
	// 1E2000, yet it is well-formed JSON.
	dec.UseNumber()
	depth := 0
	for {
		t, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return fmt.Errorf("not well-formed JSON: %w", err)
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			break
		}
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return errors.New("not well-formed JSON: more after the end of the value")
		}
		return fmt.Errorf("not well-formed JSON: %w", err)
	}
	return nil
}
