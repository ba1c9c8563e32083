package scoring

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// yamlHeader opens every YAML config, so that a file found on its own
// says what it is and where its format is described.
var yamlHeader = fmt.Sprintf("# leadlab scoring config (schema version %d); every key is described in leadlab's docs/scoring-config.md\n", SchemaVersion)

// EncodeYAML writes a config as YAML, keys in a fixed order, so that
// ParseConfig reads back the same config. An invalid config is refused:
// export must never write a file that will not load.
func EncodeYAML(c Config) ([]byte, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = canonicalConfig(c)
	m := newYAMLMap()
	m.add("version", yint(int64(c.Version)))
	if c.Name != "" {
		m.add("name", ystr(c.Name))
	}
	m.add("fit", yrules(c.Fit))
	m.add("pain", yrules(c.Pain))
	m.add("cutoff", ynum(c.Cutoff))
	m.add("target", newYAMLMap().add("low", ynum(c.Target.Low)).add("high", ynum(c.Target.High)).node())
	m.add("good_fit", ynum(c.GoodFit))
	m.add("high_pain", ynum(c.HighPain))
	window := &yaml.Node{Kind: yaml.ScalarNode, Value: "null"}
	if w := c.Outcome.WindowDays; w != nil {
		window = yint(int64(*w))
	}
	m.add("outcome", newYAMLMap().add("window_days", window).add("unit", ystr(c.Outcome.Unit)).node())
	m.add("accounts", newYAMLMap().add("rollup", ystr(c.Accounts.Rollup)).add("cutoff", ynum(c.Accounts.Cutoff)).node())
	m.add("capacity", newYAMLMap().add("reps", yint(int64(c.Capacity.Reps))).add("leads_per_rep_day", ynum(c.Capacity.LeadsPerRepDay)).node())
	if len(c.Bands) > 0 {
		list := &yaml.Node{Kind: yaml.SequenceNode}
		for _, b := range c.Bands {
			list.Content = append(list.Content, newYAMLMap().add("label", ystr(b.Label)).add("min", ynum(b.Min)).node())
		}
		m.add("bands", list)
	}
	if md := c.Metadata; md != nil {
		mm := newYAMLMap().
			add("tool_version", ystr(md.ToolVersion)).
			add("created_at", ystr(md.CreatedAt)).
			add("data_fingerprint", ystr(md.Fingerprint)).
			add("as_of", yoptstr(md.AsOf)).
			add("window_days", yint(int64(md.WindowDays)))
		if md.HistoryFingerprint != "" {
			mm = mm.add("history_fingerprint", ystr(md.HistoryFingerprint))
		}
		if md.Method != "" {
			mm = mm.add("method", ystr(md.Method))
		}
		if md.Tuning != nil {
			mm = mm.add("tuning", ymeasured(*md.Tuning))
		}
		if md.Holdout != nil {
			mm = mm.add("holdout", ymeasured(*md.Holdout))
		}
		if c := md.ModelCheck; c != nil {
			mm = mm.add("model_check", newYAMLMap().add("points_auc", ynum(c.PointsAUC)).
				add("unrounded_auc", ynum(c.UnroundedAUC)).node())
		}
		if len(md.ScoreBins) > 0 {
			list := &yaml.Node{Kind: yaml.SequenceNode}
			for _, b := range md.ScoreBins {
				list.Content = append(list.Content, newYAMLMap().add("min", ynum(b.Min)).add("share", ynum(b.Share)).node())
			}
			mm = mm.add("score_bins", list)
		}
		if len(md.RulePrevalence) > 0 {
			list := &yaml.Node{Kind: yaml.SequenceNode}
			for _, r := range md.RulePrevalence {
				list.Content = append(list.Content, newYAMLMap().add("factor", ystr(r.Factor)).add("share", ynum(r.Share)).node())
			}
			mm = mm.add("rule_prevalence", list)
		}
		m.add("metadata", mm.node())
	}
	var buf bytes.Buffer
	buf.WriteString(yamlHeader)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(m.node()); err != nil {
		return nil, fmt.Errorf("encode config: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode config: %w", err)
	}
	return buf.Bytes(), nil
}

// EncodeJSON writes a config as JSON indented by two spaces, for tools
// that would rather not read YAML. Like EncodeYAML it refuses an invalid
// config.
func EncodeJSON(c Config) ([]byte, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c = canonicalConfig(c)
	// Empty lists are written as [] rather than null: both load, but []
	// says "no rules" to a reader.
	if c.Fit == nil {
		c.Fit = []Rule{}
	}
	if c.Pain == nil {
		c.Pain = []Rule{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, fmt.Errorf("encode config: %w", err)
	}
	return escapeForYAML(buf.Bytes()), nil
}

// escapeForYAML escapes the characters encoding/json leaves raw but a YAML
// reader refuses or folds (DEL, the C1 controls with NEL among them, the
// byte-order mark and the non-characters U+FFFE and U+FFFF), so that
// ParseConfig, which reads JSON as YAML, reads back what was written. They
// can only occur inside strings, since everything else JSON writes is ASCII.
func escapeForYAML(data []byte) []byte {
	needs := func(r rune) bool {
		return r >= 0x7F && r <= 0x9F || r == 0xFEFF || r == 0xFFFE || r == 0xFFFF
	}
	if bytes.IndexFunc(data, needs) < 0 {
		return data
	}
	out := make([]byte, 0, len(data)+16)
	for _, r := range string(data) {
		if needs(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = utf8.AppendRune(out, r)
		}
	}
	return out
}

// canonical is c as ParseConfig would give it back: bands highest first.
// It copies what it changes, so the caller's config is untouched.
func canonicalConfig(c Config) Config {
	c.Bands = slices.Clone(c.Bands)
	sortBandsDesc(c.Bands)
	return c
}

// numberText writes a float the shortest way that reads back exactly,
// without exponents for the numbers a config holds (10, not 1e+01; 0.1,
// not 0.1000000000000000055), as encoding/json does.
func numberText(x float64) string {
	if a := math.Abs(x); a != 0 && (a < 1e-6 || a >= 1e21) {
		return strconv.FormatFloat(x, 'e', -1, 64)
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// ymap builds a YAML mapping node with keys in the order they are added.
type ymap struct{ n *yaml.Node }

func newYAMLMap() ymap { return ymap{&yaml.Node{Kind: yaml.MappingNode}} }

func (m ymap) add(key string, v *yaml.Node) ymap {
	m.n.Content = append(m.n.Content, ystr(key), v)
	return m
}

func (m ymap) node() *yaml.Node { return m.n }

// ystr is a string node; the !!str tag makes the encoder quote text that
// would otherwise read back as a number, a date or null. Text with a line
// break or a tab is double-quoted, escapes and all: the encoder would
// write it as a literal block, which a line starting with a tab makes
// invalid YAML (found by FuzzParseConfig).
func ystr(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.ContainsAny(s, "\n\r\t") {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// yoptstr is s, or null when there is none.
func yoptstr(s *string) *yaml.Node {
	if s == nil {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	}
	return ystr(*s)
}

func ynum(x float64) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: numberText(x)} }

func yint(i int64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatInt(i, 10)}
}

func yrules(rules []Rule) *yaml.Node {
	list := &yaml.Node{Kind: yaml.SequenceNode}
	if len(rules) == 0 {
		list.Style = yaml.FlowStyle // fit: []
	}
	for _, r := range rules {
		m := newYAMLMap().add("factor", ystr(r.Factor)).add("points", ynum(r.Points))
		if r.Cap != nil {
			m = m.add("cap", yint(int64(*r.Cap)))
		}
		if r.HalfLifeDays != nil {
			m = m.add("half_life_days", ynum(*r.HalfLifeDays))
		}
		list.Content = append(list.Content, m.node())
	}
	return list
}

func ymeasured(m Measured) *yaml.Node {
	num := func(x *float64) *yaml.Node {
		if x == nil {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
		}
		return ynum(*x)
	}
	rate, lo, hi, recall, share := m.defined()
	return newYAMLMap().
		add("split", ystr(m.Split)).
		add("leads", yint(m.Leads)).
		add("won", yint(m.Won)).
		add("ready", yint(m.Ready)).
		add("ready_won", yint(m.ReadyWon)).
		add("close_rate", num(rate)).
		add("ci_low", num(lo)).
		add("ci_high", num(hi)).
		add("recall", num(recall)).
		add("share", num(share)).
		node()
}
