package load

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
)

// unknownField matches the YAML decoder's message for a key that no field
// of the struct holds.
var unknownField = regexp.MustCompile(`field (\S+) not found in type load\.(\w+)`)

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
// load.manifestSource" into one that lists the keys valid at that
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
	hint := suggest(m[1], keys)
	if alias, ok := keyAliases[strings.ToLower(m[1])]; ok && hint == "" && m[2] == "manifestSource" {
		hint = fmt.Sprintf(" (did you mean %s?)", alias)
	}
	return fmt.Sprintf("unknown key %s%s; the keys %s are %s",
		m[1], hint, place.where, strings.Join(keys, ", "))
}

// keyAliases are the words other tools use for a table entry's keys,
// too far from ours in spelling for the edit distance to find them.
var keyAliases = map[string]string{
	"nulls": "missing", "null": "missing", "na": "missing", "na_values": "missing", "null_values": "missing", "placeholders": "missing",
	"row_number": "generate", "row_id": "generate", "generated": "generate",
	"drop": "ignore", "exclude": "ignore", "skip": "ignore",
	"rename": "columns", "mapping": "columns",
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
