package scoring

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Default is the config a new model starts from, and what every section a
// file leaves out falls back to: a 10–15% target close rate, outcomes per
// lead over the mean sales cycle, accounts scored by their best lead, and
// no rules, so every lead scores 0 until the analyst adds some.
func Default() Config {
	return Config{
		Version:  SchemaVersion,
		Target:   Range{Low: 0.10, High: 0.15},
		Outcome:  Outcome{Unit: "lead"},
		Accounts: Accounts{Rollup: "max"},
	}
}

// ConfigError is one problem in a config, with where it is.
type ConfigError struct {
	File  string // the file it was read from; "" for a config built in code
	Line  int    // 0 when there is no line: the config was built in code
	Field string // "target.low", "pain[2] (event:login)"; "" for the file as a whole
	Msg   string
}

func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString("config")
	if e.File != "" {
		b.WriteString(" " + e.File)
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ConfigErrors is every problem found in a config, in line order, so that
// the analyst can fix them all in one pass rather than one per load.
type ConfigErrors []*ConfigError

// maxShown bounds the problems an error message lists: past it, a file
// is more likely the wrong file than one with that many typos.
const maxShown = 50

func (es ConfigErrors) Error() string {
	var msgs []string
	for i, e := range es {
		if i == maxShown {
			msgs = append(msgs, (&ConfigError{File: e.File, Msg: fmt.Sprintf("and %d more problems", len(es)-maxShown)}).Error())
			break
		}
		msgs = append(msgs, e.Error())
	}
	return strings.Join(msgs, "\n")
}

// Unwrap lets errors.As find the first *ConfigError.
func (es ConfigErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// LoadConfig reads a scoring config file, YAML or JSON.
func LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("read config: %w", err)
	}
	return ParseConfig(path, data)
}

// ParseConfig reads a scoring config, YAML or JSON (JSON goes through the
// same YAML parser, so its problems get line numbers too). Sections the
// file leaves out take their values from Default. On any problem it
// returns ConfigErrors naming every problem's line; path is used only in
// those messages.
func ParseConfig(path string, data []byte) (Config, error) {
	p := &configParser{file: path, lines: map[string]int{}, bad: map[string]bool{}}
	c, ok := p.parse(data)
	if ok {
		v := newChecker(path, p.lines, p.bad)
		v.config(c)
		p.errs = append(p.errs, v.errs...)
	}
	if len(p.errs) > 0 {
		sort.SliceStable(p.errs, func(i, j int) bool { return p.errs[i].Line < p.errs[j].Line })
		return Config{}, p.errs
	}
	// Bands are kept highest first, so that the first band a score reaches
	// is its band.
	sortBandsDesc(c.Bands)
	// A figure of a group with no leads does not exist, whatever the file
	// said (configs before null was written held 0, or 1 for ci_high):
	// it reads as 0 and is written back as null.
	if m := c.Metadata; m != nil {
		for _, x := range []*Measured{m.Tuning, m.Holdout} {
			if x != nil {
				x.clearUndefined()
			}
		}
	}
	return c, nil
}

func sortBandsDesc(bands []Band) {
	sort.SliceStable(bands, func(i, j int) bool { return bands[i].Min > bands[j].Min })
}

var yamlLine = regexp.MustCompile(`^line (\d+): `)

// yamlSyntaxError turns a YAML parser error into a problem with a line. The
// parser numbers lines inconsistently: its scanner errors count from 1, its
// parser errors count from 0, and it leaves the line out when it is the
// first line or when the problem is a bad byte, so each kind is mended here.
func yamlSyntaxError(file string, data []byte, err error) *ConfigError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	switch {
	case isParserProblem(msg):
		line++
	case isReaderProblem(msg):
		line = badByteLine(data)
	case strings.HasPrefix(msg, "unknown anchor '"):
		name := strings.TrimSuffix(strings.TrimPrefix(msg, "unknown anchor '"), "' referenced")
		line = lineAt(data, bytes.Index(data, []byte("*"+name)))
		msg += "; define it with &" + name + " before using it"
	}
	format := "YAML"
	if looksJSON(file, data) {
		format = "JSON"
		// In a JSON file the YAML parser names the line where the object
		// or array began, not where the comma is missing; encoding/json
		// knows the byte, so its message and line are used instead.
		var se *json.SyntaxError
		if err := json.Unmarshal(data, new(any)); errors.As(err, &se) {
			line, msg = lineAt(data, max(int(se.Offset)-1, 0)), se.Error()
		}
	}
	if line < 1 {
		line = 1
	}
	return &ConfigError{File: file, Line: line, Msg: fmt.Sprintf("not valid %s: %s", format, msg)}
}

var jsonStart = regexp.MustCompile(`^\s*(\{\s*["}]|\[)`)

// looksJSON says the file is meant as JSON rather than as YAML that
// happens to start with a flow mapping ({a: 1}).
func looksJSON(file string, data []byte) bool {
	return strings.EqualFold(filepath.Ext(file), ".json") || jsonStart.Match(data)
}

// isParserProblem says the message comes from the YAML parser proper, whose
// line numbers count from 0.
func isParserProblem(msg string) bool {
	for _, p := range []string{
		"did not find expected ',' or ']'", "did not find expected ',' or '}'",
		"did not find expected '-' indicator", "did not find expected <document start>",
		"did not find expected <stream-start>", "did not find expected key",
		"did not find expected node content", "found duplicate %TAG directive",
		"found duplicate %YAML directive", "found incompatible YAML document",
		"found undefined tag handle",
	} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// isReaderProblem says the message is about a byte the YAML reader cannot
// decode, which it reports with no line at all.
func isReaderProblem(msg string) bool {
	for _, p := range []string{
		"control characters are not allowed", "invalid leading UTF-8 octet",
		"invalid trailing UTF-8 octet", "incomplete UTF-8 octet sequence",
		"invalid length of a UTF-8 sequence", "invalid Unicode character",
	} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// badByteLine finds the line of the first byte YAML does not allow: one
// that is not UTF-8, or a control character other than tab and newlines.
func badByteLine(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 || !yamlPrintable(r) {
			return lineAt(data, i)
		}
		i += size
	}
	return 0
}

func yamlPrintable(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r' || r == 0x85:
		return true
	case r >= 0x20 && r <= 0x7E, r >= 0xA0 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// lineAt is the line of byte offset i, counting from 1; 0 when i < 0.
func lineAt(data []byte, i int) int {
	if i < 0 {
		return 0
	}
	return bytes.Count(data[:i], []byte("\n")) + 1
}
