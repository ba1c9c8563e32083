package scoring

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"
)

// The keys each mapping of a config allows. Anything else is an error, so
// that a typo never silently leaves a setting at its default.
var (
	configKeys     = []string{"version", "name", "fit", "pain", "cutoff", "target", "good_fit", "high_pain", "outcome", "accounts", "capacity", "bands", "metadata"}
	ruleKeys       = []string{"factor", "points", "cap", "half_life_days"}
	rangeKeys      = []string{"low", "high"}
	outcomeKeys    = []string{"window_days", "unit"}
	accountKeys    = []string{"rollup", "cutoff"}
	capacityKeys   = []string{"reps", "leads_per_rep_day"}
	bandKeys       = []string{"label", "min"}
	metadataKeys   = []string{"tool_version", "created_at", "data_fingerprint", "history_fingerprint", "as_of", "window_days", "method", "tuning", "holdout", "model_check", "score_bins", "rule_prevalence"}
	scoreBinKeys   = []string{"min", "share"}
	prevalenceKeys = []string{"factor", "share"}
	aucCheckKeys   = []string{"points_auc", "unrounded_auc"}
	measuredKeys   = []string{"split", "leads", "won", "ready", "ready_won", "close_rate", "ci_low", "ci_high", "recall", "share"}
)

// configParser reads the YAML node tree by hand rather than decoding into the
// struct, because the decoder stops at the first problem and loses the
// line of every value; here every problem is collected with its line.
type configParser struct {
	file  string
	errs  ConfigErrors
	lines map[string]int  // path → line of its key, for the semantic checks
	bad   map[string]bool // paths whose value could not be read at all
}

func (p *configParser) fail(at site, line int, format string, args ...any) {
	p.errs = append(p.errs, &ConfigError{File: p.file, Line: line, Field: at.field, Msg: at.msg(format, args...)})
}

// failValue reports a value that could not be read, and marks it so the
// semantic checks do not report the default left in its place as well.
func (p *configParser) failValue(at site, n *yaml.Node, format string, args ...any) {
	p.fail(at, n.Line, format, args...)
	p.bad[at.path] = true
}

// parse reads the document; ok is false when there is no mapping to check.
func (p *configParser) parse(data []byte) (c Config, ok bool) {
	var root site
	if len(bytes.TrimSpace(data)) == 0 {
		p.fail(root, 1, "the file is empty; a config has at least version: 1 and its fit: and pain: rules")
		return c, false
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.fail(root, 1, "the file has only comments; a config has at least version: 1 and its fit: and pain: rules")
		} else {
			p.errs = append(p.errs, yamlSyntaxError(p.file, data, err))
		}
		return c, false
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		p.fail(root, next.Line, "a second YAML document starts here; a config is one document")
	} else if !errors.Is(err, io.EOF) {
		p.errs = append(p.errs, yamlSyntaxError(p.file, data, err))
	}
	if len(doc.Content) == 0 || isNullNode(resolveAlias(doc.Content[0])) {
		p.fail(root, max(doc.Line, 1), "the file has no settings; a config has at least version: 1 and its fit: and pain: rules")
		return c, false
	}
	top := resolveAlias(doc.Content[0])
	if top.Kind != yaml.MappingNode {
		p.fail(root, top.Line, "the top level must be a mapping of settings (version:, fit:, pain:, cutoff: …), got %s", describeNode(top))
		return c, false
	}
	return p.config(top)
}

// config reads the top-level mapping; ok is false when the file is from a
// newer leadlab, so there is nothing more to check.
func (p *configParser) config(top *yaml.Node) (c Config, ok bool) {
	c = Default()
	// A file without a version is from before versions were written:
	// version 1, the first schema, whatever this build writes.
	c.Version = 1
	var root site
	// The version is read first: a newer file may hold keys this build
	// does not know, and naming them would only bury the one message that
	// matters.
	for i := 0; i+1 < len(top.Content); i += 2 {
		if k := resolveAlias(top.Content[i]); k.Kind == yaml.ScalarNode && k.Value == "version" {
			v, at := resolveAlias(top.Content[i+1]), root.at("version")
			if p.int(v, at, &c.Version, "a whole number") && c.Version > SchemaVersion {
				p.errs = nil
				p.fail(at, v.Line, "written by a newer leadlab (schema version %d); this build reads versions up to %d", c.Version, SchemaVersion)
				return c, false
			}
			break
		}
	}
	f := p.mapping(top, root, configKeys)
	if n := f["name"]; n != nil {
		p.text(n, root.at("name"), &c.Name)
	}
	c.Fit = p.rules(f["fit"], "fit")
	c.Pain = p.rules(f["pain"], "pain")
	p.number(f["cutoff"], root.at("cutoff"), &c.Cutoff)
	p.number(f["good_fit"], root.at("good_fit"), &c.GoodFit)
	p.number(f["high_pain"], root.at("high_pain"), &c.HighPain)
	if at := root.at("target"); f["target"] != nil {
		s := p.section(f["target"], at, rangeKeys)
		p.number(s["low"], at.at("low"), &c.Target.Low)
		p.number(s["high"], at.at("high"), &c.Target.High)
	}
	if at := root.at("outcome"); f["outcome"] != nil {
		s := p.section(f["outcome"], at, outcomeKeys)
		if n := s["window_days"]; n != nil {
			c.Outcome.WindowDays = p.optInt(n, at.at("window_days"), "a whole number of days, or null for the mean sales cycle")
		}
		if n := s["unit"]; n != nil {
			p.text(n, at.at("unit"), &c.Outcome.Unit)
		}
	}
	if at := root.at("accounts"); f["accounts"] != nil {
		s := p.section(f["accounts"], at, accountKeys)
		if n := s["rollup"]; n != nil {
			p.text(n, at.at("rollup"), &c.Accounts.Rollup)
		}
		p.number(s["cutoff"], at.at("cutoff"), &c.Accounts.Cutoff)
	}
	if at := root.at("capacity"); f["capacity"] != nil {
		s := p.section(f["capacity"], at, capacityKeys)
		if n := s["reps"]; n != nil {
			p.int(n, at.at("reps"), &c.Capacity.Reps, "a whole number of SDRs")
		}
		p.number(s["leads_per_rep_day"], at.at("leads_per_rep_day"), &c.Capacity.LeadsPerRepDay)
	}
	c.Bands = p.bands(f["bands"])
	if n := f["metadata"]; n != nil && !isNullNode(n) {
		c.Metadata = p.metadata(n, root.at("metadata"))
	}
	// Version 1 is the first schema, so there is nothing to migrate yet;
	// a version 2 would convert older files here.
	return c, true
}

func (p *configParser) rules(n *yaml.Node, list string) []Rule {
	at := site{}.at(list)
	if n == nil || isNullNode(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.failValue(at, n, "must be a list of rules, each with a factor and points, got %s", describeNode(n))
		return nil
	}
	var out []Rule
	for i, item := range n.Content {
		out = append(out, p.rule(resolveAlias(item), item.Line, list, i))
	}
	return out
}

func (p *configParser) rule(n *yaml.Node, line int, list string, i int) Rule {
	r := Rule{Line: line}
	at := itemSite(list, i, peekText(n, "factor"))
	p.lines[at.path] = line
	if n.Kind != yaml.MappingNode {
		example := "event:demo_request"
		if list == "fit" {
			example = "attr:industry=SaaS"
		}
		if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" {
			example = n.Value
		}
		p.failValue(at, n, "must be a mapping with a factor and points, such as {factor: %q, points: 10}, got %s", example, describeNode(n))
		return r
	}
	f := p.mapping(n, at, ruleKeys)
	if v := f["factor"]; v != nil {
		p.text(v, at.at("factor"), &r.Factor)
	}
	if v := f["points"]; v != nil {
		p.number(v, at.at("points"), &r.Points)
	} else {
		p.fail(at.at("points"), line, "is missing: give the points the factor is worth (negative allowed)")
		p.bad[at.at("points").path] = true
	}
	if v := f["cap"]; v != nil {
		r.Cap = p.optInt(v, at.at("cap"), "a whole number of occurrences")
	}
	if v := f["half_life_days"]; v != nil {
		r.HalfLifeDays = p.optNumber(v, at.at("half_life_days"))
	}
	return r
}

func (p *configParser) bands(n *yaml.Node) []Band {
	at := site{}.at("bands")
	if n == nil || isNullNode(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.failValue(at, n, "must be a list of bands, each with a label and a min score, got %s", describeNode(n))
		return nil
	}
	var out []Band
	for i, item := range n.Content {
		item = resolveAlias(item)
		at := itemSite("bands", i, peekText(item, "label"))
		p.lines[at.path] = item.Line
		var b Band
		if item.Kind != yaml.MappingNode {
			p.failValue(at, item, "must be a mapping such as {label: A, min: 80}, got %s", describeNode(item))
		} else {
			f := p.mapping(item, at, bandKeys)
			if v := f["label"]; v != nil {
				p.text(v, at.at("label"), &b.Label)
			}
			if v := f["min"]; v != nil {
				p.number(v, at.at("min"), &b.Min)
			} else {
				p.fail(at.at("min"), item.Line, "is missing: give the lowest score in the band")
				p.bad[at.at("min").path] = true
			}
		}
		out = append(out, b)
	}
	return out
}

func (p *configParser) metadata(n *yaml.Node, at site) *Metadata {
	m := &Metadata{}
	f := p.section(n, at, metadataKeys)
	for _, t := range []struct {
		key string
		dst *string
	}{{"tool_version", &m.ToolVersion}, {"created_at", &m.CreatedAt}, {"data_fingerprint", &m.Fingerprint}, {"history_fingerprint", &m.HistoryFingerprint}, {"method", &m.Method}} {
		if v := f[t.key]; v != nil {
			p.text(v, at.at(t.key), t.dst)
		}
	}
	// as_of is null when the data the model was measured on had no dates.
	if v := f["as_of"]; v != nil && !isNullNode(v) {
		m.AsOf = new(string)
		p.text(v, at.at("as_of"), m.AsOf)
	}
	if v := f["window_days"]; v != nil {
		p.int(v, at.at("window_days"), &m.WindowDays, "a whole number of days")
	}
	if v := f["tuning"]; v != nil && !isNullNode(v) {
		m.Tuning = p.measured(v, at.at("tuning"))
	}
	if v := f["holdout"]; v != nil && !isNullNode(v) {
		m.Holdout = p.measured(v, at.at("holdout"))
	}
	if v := f["model_check"]; v != nil && !isNullNode(v) {
		c := &AUCCheck{}
		at := at.at("model_check")
		g := p.section(v, at, aucCheckKeys)
		p.number(g["points_auc"], at.at("points_auc"), &c.PointsAUC)
		p.number(g["unrounded_auc"], at.at("unrounded_auc"), &c.UnroundedAUC)
		m.ModelCheck = c
	}
	p.list(f["score_bins"], at.at("score_bins"), "{min: 10, share: 0.2}", func(item *yaml.Node, at site) {
		var b ScoreShare
		g := p.mapping(item, at, scoreBinKeys)
		p.number(g["min"], at.at("min"), &b.Min)
		p.number(g["share"], at.at("share"), &b.Share)
		m.ScoreBins = append(m.ScoreBins, b)
	})
	p.list(f["rule_prevalence"], at.at("rule_prevalence"), "{factor: event:demo_request, share: 0.05}", func(item *yaml.Node, at site) {
		var r Prevalence
		g := p.mapping(item, at, prevalenceKeys)
		if v := g["factor"]; v != nil {
			p.text(v, at.at("factor"), &r.Factor)
		} else {
			p.fail(at.at("factor"), item.Line, "is missing: give the rule's factor")
		}
		p.number(g["share"], at.at("share"), &r.Share)
		m.RulePrevalence = append(m.RulePrevalence, r)
	})
	return m
}

// list reads a metadata list of mappings, calling each for every item;
// null or absent is an empty list.
func (p *configParser) list(n *yaml.Node, at site, example string, each func(item *yaml.Node, at site)) {
	if n == nil || isNullNode(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		p.failValue(at, n, "must be a list of mappings such as %s, got %s", example, describeNode(n))
		return
	}
	for i, item := range n.Content {
		item = resolveAlias(item)
		at := site{path: fmt.Sprintf("%s[%d]", at.path, i), field: fmt.Sprintf("%s[%d]", at.field, i)}
		p.lines[at.path] = item.Line
		if item.Kind != yaml.MappingNode {
			p.failValue(at, item, "must be a mapping such as %s, got %s", example, describeNode(item))
			continue
		}
		each(item, at)
	}
}

func (p *configParser) measured(n *yaml.Node, at site) *Measured {
	m := &Measured{}
	f := p.section(n, at, measuredKeys)
	if v := f["split"]; v != nil {
		p.text(v, at.at("split"), &m.Split)
	}
	for _, t := range []struct {
		key string
		dst *int64
	}{{"leads", &m.Leads}, {"won", &m.Won}, {"ready", &m.Ready}, {"ready_won", &m.ReadyWon}} {
		if v := f[t.key]; v != nil {
			p.int64(v, at.at(t.key), t.dst, "a whole number")
		}
	}
	for _, t := range []struct {
		key string
		dst *float64
	}{{"close_rate", &m.CloseRate}, {"ci_low", &m.CILow}, {"ci_high", &m.CIHigh}, {"recall", &m.Recall}, {"share", &m.Share}} {
		// null: a figure that does not exist (no ready lead, no win).
		if v := f[t.key]; v == nil || v.ShortTag() != "!!null" {
			p.number(v, at.at(t.key), t.dst)
		}
	}
	return m
}
