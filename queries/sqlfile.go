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

// blocks holds every named SQL block of this package, parsed once at
// start-up. A broken .sql file is a programming error caught by the
// tests, so parsing panics rather than returning an error at every call
// site.
var blocks = ParseBlocks("queries", sqlFiles)

// SQL returns the named block of this package. It panics on an unknown
// name because names are constants in this package, checked by
// TestEveryBlockRunsOnSample.
func SQL(name string) string { return blocks.SQL(name) }

// SQLBlocks is this package's blocks, for the test that proves every
// block of the data layer runs on the sample.
func SQLBlocks() *BlockSet { return blocks }

// BlockSet is the named SQL blocks of one package's embedded sql/*.sql
// files. It records which blocks have been asked for, so that a test can
// prove that every block ran against the sample data.
type BlockSet struct {
	pkg    string
	byName map[string]string
	used   sync.Map
}

// ParseBlocks reads every sql/*.sql file of fsys; pkg names the package
// in the panic of an unknown name. A broken file or a name defined twice
// panics: it is a programming error, and the package's tests catch it at
// start-up.
func ParseBlocks(pkg string, fsys fs.FS) *BlockSet {
	return &BlockSet{pkg: pkg, byName: mustParseBlocks(fsys)}
}

// SQL returns the named block. It panics on an unknown name because
// names are constants in the package that owns the blocks.
func (b *BlockSet) SQL(name string) string {
	q, ok := b.byName[name]
	if !ok {
		panic(fmt.Sprintf("%s: no SQL block named %q", b.pkg, name))
	}
	b.used.Store(name, true)
	return q
}

// Has says whether the set has a block of that name.
func (b *BlockSet) Has(name string) bool {
	_, ok := b.byName[name]
	return ok
}

// Names lists every block, sorted.
func (b *BlockSet) Names() []string {
	names := make([]string, 0, len(b.byName))
	for n := range b.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Used says whether the named block has been asked for since start-up.
func (b *BlockSet) Used(name string) bool {
	_, ok := b.used.Load(name)
	return ok
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
