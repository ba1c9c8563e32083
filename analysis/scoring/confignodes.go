package scoring

// The readers of single YAML values: each reports a value of the wrong
// kind at its line and leaves the default in place.

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// section reads a mapping whose keys all have defaults; null leaves them
// all at their defaults, as if the section were left out.
func (p *configParser) section(n *yaml.Node, at site, known []string) map[string]*yaml.Node {
	if isNullNode(n) {
		return nil
	}
	return p.mapping(n, at, known)
}

// mapping returns the value of each known key of a mapping, and reports
// keys it does not know and keys given twice.
func (p *configParser) mapping(n *yaml.Node, at site, known []string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		p.failValue(at, n, "must be a mapping with the keys %s, got %s", strings.Join(known, ", "), describeNode(n))
		return nil
	}
	out := map[string]*yaml.Node{}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolveAlias(n.Content[i])
		if k.Kind != yaml.ScalarNode {
			p.fail(at, k.Line, "a key must be a name, got %s", describeNode(k))
			continue
		}
		name := k.Value
		if first, dup := seen[name]; dup {
			p.fail(at, k.Line, "%s is given twice, here and on line %d; keep one", shortText(name), first)
			continue
		}
		seen[name] = k.Line
		switch {
		case slices.Contains(known, name):
			out[name] = resolveAlias(n.Content[i+1])
			p.lines[at.at(name).path] = k.Line
		case name == "<<":
			p.fail(at, k.Line, "merge keys (<<) are not supported; write the settings out")
		default:
			p.fail(at, k.Line, "unknown key %q%s; the keys here are %s", shortText(name), didYouMean(name, known), strings.Join(known, ", "))
		}
	}
	return out
}

// number reads a number into dst; a nil node leaves dst at its default.
func (p *configParser) number(n *yaml.Node, at site, dst *float64) {
	if n == nil {
		return
	}
	if tag := n.ShortTag(); n.Kind != yaml.ScalarNode || tag != "!!int" && tag != "!!float" {
		p.failValue(at, n, "must be a number, got %s%s", describeNode(n), unquoteHint(n))
		return
	}
	if err := n.Decode(dst); err != nil {
		p.failValue(at, n, "must be a number, got %s", shortText(n.Value))
	}
}

// optNumber reads a number that may be null (nil: not set).
func (p *configParser) optNumber(n *yaml.Node, at site) *float64 {
	if isNullNode(n) {
		return nil
	}
	var v float64
	p.number(n, at, &v)
	return &v
}

func (p *configParser) int(n *yaml.Node, at site, dst *int, what string) bool {
	var v int64
	if !p.int64(n, at, &v, what) {
		return false
	}
	if v < math.MinInt || v > math.MaxInt {
		p.failValue(at, n, "must be %s, got %s (far too large)", what, shortText(n.Value))
		return false
	}
	*dst = int(v)
	return true
}

// optInt reads a whole number that may be null (nil: not set).
func (p *configParser) optInt(n *yaml.Node, at site, what string) *int {
	if isNullNode(n) {
		return nil
	}
	var v int
	p.int(n, at, &v, what)
	return &v
}

// int64 reads a whole number. 3.0 is accepted, as other tools write JSON
// numbers that way; 1.5 is not.
func (p *configParser) int64(n *yaml.Node, at site, dst *int64, what string) bool {
	if tag := n.ShortTag(); n.Kind != yaml.ScalarNode || tag != "!!int" && tag != "!!float" {
		p.failValue(at, n, "must be %s, got %s%s", what, describeNode(n), unquoteHint(n))
		return false
	}
	if n.ShortTag() == "!!int" {
		if err := n.Decode(dst); err != nil {
			p.failValue(at, n, "must be %s, got %s (far too large)", what, shortText(n.Value))
			return false
		}
		return true
	}
	var f float64
	if err := n.Decode(&f); err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		p.failValue(at, n, "must be %s, got %s", what, shortText(n.Value))
		return false
	}
	*dst = int64(f)
	return true
}

// text reads a string. Unquoted numbers and dates are taken as written
// (label: 1, as_of: 2024-06-30), since YAML makes quoting them a chore.
func (p *configParser) text(n *yaml.Node, at site, dst *string) {
	if n.Kind != yaml.ScalarNode {
		p.failValue(at, n, "must be text, got %s", describeNode(n))
		return
	}
	switch n.ShortTag() {
	case "!!null":
		*dst = ""
	case "!!str", "!!int", "!!float", "!!bool", "!!timestamp":
		*dst = n.Value
	default:
		p.failValue(at, n, "must be text, got a value tagged %s", shortText(n.Tag))
	}
}

// unquoteHint helps with points: "10", which YAML and JSON read as text.
func unquoteHint(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" {
		if _, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64); err == nil {
			return "; write the number without quotes"
		}
	}
	return ""
}

// describeNode names a value for messages: "a list", `the text "ten"`, "1.5".
func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "no value (null)"
		case "!!str":
			return fmt.Sprintf("the text %q", shortText(n.Value))
		}
		return shortText(n.Value)
	}
	return "nothing"
}

func isNullNode(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// resolveAlias follows aliases (*name) to the value they stand for. The
// hop limit guards against a malformed tree; the parser never makes alias
// chains.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for hops := 0; n.Kind == yaml.AliasNode && n.Alias != nil && hops < 100; hops++ {
		n = n.Alias
	}
	return n
}

// peekText is the text of a key of a mapping, before the mapping is read,
// so that messages about a rule can name its factor whatever the key order.
func peekText(n *yaml.Node, key string) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolveAlias(n.Content[i]), resolveAlias(n.Content[i+1])
		if k.Kind == yaml.ScalarNode && k.Value == key && v.Kind == yaml.ScalarNode && !isNullNode(v) {
			return v.Value
		}
	}
	return ""
}
