package queries

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
)

//go:embed sql/*.sql
var sqlFiles embed.FS

// blocks holds every named SQL block, parsed once at start-up. A broken
// .sql file is a programming error caught by the tests, so parsing panics
// rather than returning an error at every call site.
var blocks = mustParseBlocks(sqlFiles)

// used records which blocks have been asked for, so a test can prove that
// every block ran against the sample data.
var used sync.Map

// SQL returns the named block. It panics on an unknown name because names
// are constants in this package, checked by TestEveryBlockRunsOnSample.
func SQL(name string) string {
	q, ok := blocks[name]
	if !ok {
		panic(fmt.Sprintf("queries: no SQL block named %q", name))
	}
	used.Store(name, true)
	return q
}

// BlockNames lists every named block, sorted, for tests and tooling.
func BlockNames() []string {
	names := make([]string, 0, len(blocks))
	for n := range blocks {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func mustParseBlocks(fsys fs.FS) map[string]string {
	out := map[string]string{}
	paths, err := fs.Glob(fsys, "sql/*.sql")
	if err != nil {
		panic(err)
	}
	for _, p := range paths {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			panic(err)
		}
		found, err := parseBlocks(string(data))
		if err != nil {
			panic(fmt.Sprintf("%s: %v", p, err))
		}
		for name, q := range found {
			if _, dup := out[name]; dup {
				panic(fmt.Sprintf("%s: block %q defined twice", p, name))
			}
			out[name] = q
		}
	}
	return out
}

// parseBlocks reads "-- name: x" headed blocks, in the manner of dotsql:
// everything up to the next header belongs to the current block.
func parseBlocks(text string) (map[string]string, error) {
	out := map[string]string{}
	var name string
	var body strings.Builder
	flush := func() error {
		if name == "" {
			return nil
		}
		q := strings.TrimSpace(body.String())
		if q == "" {
			return fmt.Errorf("block %q is empty", name)
		}
		if _, dup := out[name]; dup {
			return fmt.Errorf("block %q defined twice", name)
		}
		out[name] = q
		return nil
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
			if err := flush(); err != nil {
				return nil, err
			}
			name = strings.TrimSpace(rest)
			body.Reset()
			continue
		}
		if name != "" {
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, sc.Err()
}
