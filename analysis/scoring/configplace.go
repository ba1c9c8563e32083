package scoring

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// site is where a value sits in a config, named three ways: path is a
// dotted path ("pain[2].cap") used to find its line; field is what the
// message names ("target.low", or "pain[2] (event:login)" for anything in
// a rule, so the analyst can find the rule without a line number); key is
// the rule's key the message starts with ("cap must be …").
type site struct {
	path  string
	field string
	key   string
	item  bool // a rule or band: its children keep its field and add a key
}

// at names a top-level key or a key in a section.
func (p site) at(key string) site {
	path := key
	if p.path != "" {
		path = p.path + "." + key
	}
	switch {
	case p.item:
		return site{path: path, field: p.field, key: key}
	case p.key != "":
		return site{path: path, field: p.field, key: p.key + "." + key}
	}
	return site{path: path, field: path}
}

// itemSite names a list item: a rule by its factor, a band by its label.
func itemSite(list string, i int, name string) site {
	path := fmt.Sprintf("%s[%d]", list, i)
	field := path
	if name != "" {
		field = fmt.Sprintf("%s (%s)", path, shortText(name))
	}
	return site{path: path, field: field, item: true}
}

// msg puts the key, if any, in front of a message that starts with a verb.
func (p site) msg(format string, args ...any) string {
	m := fmt.Sprintf(format, args...)
	if p.key != "" {
		return p.key + " " + m
	}
	return m
}

// parent is the path one level up: "pain[2].cap" → "pain[2]" → "pain" → "".
func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// shortText keeps messages readable when a value is a page of text.
func shortText(s string) string {
	const most = 60
	if utf8.RuneCountInString(s) <= most {
		return s
	}
	r := []rune(s)
	return string(r[:most]) + "…"
}

var keySeparators = strings.NewReplacer("_", "", "-", "")

// didYouMean returns " (did you mean x?)" for the closest name (see
// closestName), or "" when nothing is close.
func didYouMean(got string, names []string) string {
	if best := closestName(got, names); best != "" {
		return fmt.Sprintf(" (did you mean %s?)", best)
	}
	return ""
}

// closestName is the name got most likely meant: the same once case, '_'
// and '-' are ignored (goodFit, good-fit), or within one edit of a short
// name and two of a longer one; "" when nothing is close. Ties go to the
// first in names.
func closestName(got string, names []string) string {
	if len(got) > 64 {
		return "" // no name is that long, and the distances would be costly
	}
	norm := func(s string) string { return keySeparators.Replace(strings.ToLower(s)) }
	for _, n := range names {
		if norm(n) == norm(got) {
			return n
		}
	}
	best, bestD := "", 2
	if len(got) > 4 {
		bestD = 3
	}
	for _, n := range names {
		if d := keyDistance(got, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// keyDistance is the edit distance between two keys, counting a swap of
// neighbouring letters (cpa for cap) as one edit, the commonest typo.
func keyDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
