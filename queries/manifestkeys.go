package queries

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
)

// unknownField matches the YAML decoder's message for a key that no field
// of the struct holds.
var unknownField = regexp.MustCompile(`field (\S+) not found in type queries\.(\w+)`)

// manifestPlaces are the structs of a manifest by type name, with the
// words a message uses for where in the manifest each one is.
var manifestPlaces = map[string]struct {
	where string
	typ   reflect.Type
}{
	"manifestFile":   {"at the top of the manifest", reflect.TypeFor[manifestFile]()},
	"manifestSource": {"in a table entry", reflect.TypeFor[manifestSource]()},
	"manifestJoin":   {"in a join", reflect.TypeFor[manifestJoin]()},
	"manifestFunnel": {"in funnel", reflect.TypeFor[manifestFunnel]()},
}

// unknownKeyMessage rewrites the decoder's "field x not found in type
// queries.manifestSource" into one that lists the keys valid at that
// place, the nearest first, so that a misspelt key shows its fix. It
// returns "" for any other message.
func unknownKeyMessage(msg string) string {
	m := unknownField.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	place, ok := manifestPlaces[m[2]]
	if !ok {
		return ""
	}
	keys := yamlKeys(place.typ)
	return fmt.Sprintf("unknown key %s%s; the keys %s are %s",
		m[1], suggest(m[1], keys), place.where, strings.Join(keys, ", "))
}

// yamlKeys lists the keys a struct reads, in the order it declares them.
func yamlKeys(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}
