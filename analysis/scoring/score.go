package scoring

import (
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/leadlab/leadlab/queries"
)

// Mode says when each lead is scored.
type Mode int

const (
	// History scores each lead as of its exposure cutoff (docs/outcomes.md):
	// the events strictly before its first opportunity or the end of its
	// window. Close rates, sweeps and tuning use it, so no lead is judged by
	// what happened after sales took over.
	History Mode = iota
	// Now scores each lead as of the data's as-of date, with every event
	// up to and including it: what production would show today.
	Now
)

const (
	usPerDay = 86_400_000_000
	// NoTime marks a time that is unknown or did not happen.
	NoTime = queries.NoTime
)

// Scores are every lead's scores under one config and mode.
type Scores struct {
	Mode     Mode
	Cutoff   float64
	Fit      []float64
	Pain     []float64
	At       []int64   // the time each lead is scored as of (microseconds): its exposure cutoff, or the as-of date; NoTime when the data has no dates
	Reached  []int64   // when the score first reached the cutoff; NoTime if it has not, or the lead has no created_at and only its profile got it there
	Velocity []float64 // score over the days from first touch to reaching it (at least one); NaN without created_at

	until []int64 // exclusive bound on each lead's events

	total []float64 // Fit + Pain, for the sweep

	// Fit, At and until may be shared with other Scores of the same data
	// (fitFor, steps.go): like every field, never changed once scored.

	// Breakpoints of each lead's best score so far: lead i's are at
	// bpStart[i] to bpStart[i+1]-1, each the days from first touch and the
	// new best score. The sweep reads off them when a lead first reached
	// any cutoff. The first is always its fit at first touch (day 0, or
	// NaN without created_at); a lead whose best score never rose past it,
	// most leads, stores none (see climb.end).
	bpStart []int32
	bpDays  []float32
	bpScore []float64
}

// Score is fit + pain of lead i.
func (s *Scores) Score(i int) float64 { return s.Fit[i] + s.Pain[i] }

// rule is a Rule resolved against the data, ready to score.
type rule struct {
	f        Factor
	points   float64
	cap      int     // 0: no cap
	halfLife float64 // days; 0: no decay
	kind     uint16  // event number, for pain rules
}

func (d *Data) resolve(rules []Rule) []rule {
	out := make([]rule, 0, len(rules))
	for _, r := range rules {
		f, err := ParseFactor(r.Factor)
		if err != nil {
			continue // Prepare has reported it
		}
		x := rule{f: f, points: r.Points}
		if r.Cap != nil {
			x.cap = *r.Cap
		}
		if r.HalfLifeDays != nil {
			x.halfLife = *r.HalfLifeDays
		}
		if f.Pain() {
			k, ok := d.kinds[f.Event]
			if !ok {
				continue
			}
			x.kind = k
		}
		out = append(out, x)
	}
	return out
}

// Score scores every lead. Prepare must have accepted cfg. The leads
// are scored a span a core (see spans.go), from their steps (steps.go)
// when the model has no decay.
func (d *Data) Score(cfg Config, mode Mode) *Scores { return d.score(cfg, mode, true) }

// score scores every lead, from their steps only when fromSteps says so
// and the model allows it: the oracle test scores both ways.
func (d *Data) score(cfg Config, mode Mode, fromSteps bool) *Scores {
	n := d.N()
	pain := d.resolve(cfg.Pain)
	var st *steps
	if fromSteps {
		st = d.stepsFor(mode, pain)
	}
	s := &Scores{Mode: mode, Cutoff: cfg.Cutoff, Pain: make([]float64, n),
		Reached: make([]int64, n), Velocity: make([]float64, n), total: make([]float64, n), bpStart: make([]int32, n+1)}
	// A lead has at most one breakpoint per event and two more, so lead
	// i's breakpoints fit from tl.Start[i] + 2i; from steps, only a lead
	// with a step keeps any, at most one per step and two more, so they
	// fit from three times its first step. Each span writes its own from
	// where its first lead's room begins, and is then moved down to follow
	// the span before it.
	room := func(i int) int { return int(d.tl.Start[i]) + 2*i }
	if st != nil {
		s.At, s.until = st.at, st.until
		room = func(i int) int { return 3 * int(st.start[i]) }
	} else {
		s.At, s.until = make([]int64, n), make([]int64, n)
	}
	if fromSteps {
		s.Fit = d.fitFor(d.resolve(cfg.Fit))
	} else {
		s.Fit = d.fitOf(d.resolve(cfg.Fit))
	}
	s.bpDays, s.bpScore = make([]float32, room(n)), make([]float64, room(n))
	sp := spans(n)
	used := make([]int, len(sp))
	eachSpan(sp, func(c int, x span) {
		if st != nil {
			used[c] = d.scoreSteps(s, cfg, pain, st, x.lo, x.hi, room(x.lo))
		} else {
			used[c] = d.scoreRange(s, cfg, mode, pain, x.lo, x.hi, room(x.lo))
		}
	})
	next := 0
	for c, x := range sp {
		if gap := int32(room(x.lo) - next); gap > 0 {
			copy(s.bpDays[next:], s.bpDays[room(x.lo):room(x.lo)+used[c]])
			copy(s.bpScore[next:], s.bpScore[room(x.lo):room(x.lo)+used[c]])
			for i := x.lo; i < x.hi; i++ {
				s.bpStart[i+1] -= gap
			}
		}
		next += used[c]
	}
	s.bpDays, s.bpScore = s.bpDays[:next], s.bpScore[:next]
	return s
}

// fitOf is every lead's fit under the fit rules.
func (d *Data) fitOf(rules []rule) []float64 {
	fit := make([]float64, d.N())
	for _, r := range rules {
		for _, i := range d.fit[r.f.Name] {
			fit[i] += r.points
		}
	}
	return fit
}

// fitCache keeps the fit last worked out, with the rules it is of.
type fitCache struct {
	mu  sync.Mutex
	key string
	fit []float64
}

// fitFor is fitOf, kept from the last call with the same rules and
// points: an edit of a pain rule or of the cutoff changes no lead's fit,
// so every Scores of the same fit rules shares one.
func (d *Data) fitFor(rules []rule) []float64 {
	var key strings.Builder
	for _, r := range rules {
		key.WriteString(r.f.Name)
		key.WriteByte(0)
		key.WriteString(strconv.FormatUint(math.Float64bits(r.points), 16))
		key.WriteByte(0)
	}
	c := &d.fitKept
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fit == nil || c.key != key.String() {
		c.key, c.fit = key.String(), d.fitOf(rules)
	}
	return c.fit
}

// scoredAt is when lead i is scored as of under mode: the time its
// events must come strictly before (until), and the time it is scored as
// of, as Scores.At has it. A lead whose cutoff lies past the as-of date (a
// maturing lead) is scored as of the as-of date, since nothing later is
// known.
func (d *Data) scoredAt(i int, mode Mode) (at, until int64) {
	until = d.Leads.Cutoff[i]
	if mode == Now || until == NoTime || until > d.AsOf+1 {
		until = d.AsOf + 1
	}
	at = until
	if until == d.AsOf+1 {
		at = d.AsOf
	}
	if d.Outcomes.AsOf.IsZero() && d.Leads.Cutoff[i] == NoTime {
		// No timestamp anywhere in the data: the lead is scored as of
		// no date (its events have none either, so none count), not
		// as of 1970-01-01.
		at = NoTime
	}
	return at, until
}

// scoreRange scores leads lo to hi-1 walking every event, writing their
// breakpoints from base, and returns how many it wrote.
func (d *Data) scoreRange(s *Scores, cfg Config, mode Mode, pain []rule, lo, hi, base int) int {
	w := newWalker(pain, len(d.names))
	// With whole points and no decay, the pain after a lead's last event
	// is its final pain to the last bit whatever the order it was added
	// up in (every partial sum is a whole number), so the walk forward
	// gives it and the direct computation is not needed.
	whole := len(w.decaying) == 0
	for _, r := range pain {
		whole = whole && r.points == math.Trunc(r.points)
	}
	c := climb{s: s, cutoff: cfg.Cutoff, nb: base}
	for i := lo; i < hi; i++ {
		// Events strictly before at count; decay is measured to ref.
		s.At[i], s.until[i] = d.scoredAt(i, mode)
		at, ref := s.until[i], s.until[i]
		if at == d.AsOf+1 {
			ref = d.AsOf
		}
		first, last := d.tl.Start[i], d.tl.Start[i+1]
		end := first
		for end < last && d.tl.Time[end] < at {
			end++
		}
		if !whole {
			s.Pain[i] = w.final(d.tl.Time[first:end], d.tl.Kind[first:end], ref)
		}
		fit := s.Fit[i]
		from := c.start(i, d.Leads.Created[i])
		c.mark(c.created, fit)
		w.reset()
		p := 0.0
		for j := first; j < end; j++ {
			p = w.step(d.tl.Time[j], d.tl.Kind[j])
			c.mark(d.tl.Time[j], fit+p)
		}
		if whole {
			s.Pain[i] = p
		}
		score := fit + s.Pain[i]
		s.total[i] = score
		c.mark(ref, score)
		c.end(from, score)
	}
	return c.nb - base
}

// climb walks one lead's timeline at a time, keeping its best score so
// far: the breakpoints the sweep reads off, and when it first reached the
// cutoff.
type climb struct {
	s       *Scores
	cutoff  float64
	nb      int // the next breakpoint's place
	i       int
	created int64
	best    float64
}

// start begins lead i's walk and returns where its breakpoints begin.
func (c *climb) start(i int, created int64) int {
	c.i, c.created, c.best = i, created, math.Inf(-1)
	c.s.Reached[i] = NoTime
	return c.nb
}

// mark records the score v at time t: the best score at first touch,
// after each event, and at the scoring time.
func (c *climb) mark(t int64, v float64) {
	if v <= c.best {
		return
	}
	c.best = v
	s := c.s
	if s.Reached[c.i] == NoTime && v >= c.cutoff && c.created != NoTime {
		s.Reached[c.i] = max(t, c.created)
	}
	days := float32(math.NaN())
	if c.created != NoTime {
		days = float32(float64(max(t-c.created, 0)) / usPerDay)
	}
	s.bpDays[c.nb], s.bpScore[c.nb] = days, v
	c.nb++
}

// end finishes the lead whose breakpoints begin at from, with its final
// score: its velocity, and where its breakpoints end. A lone breakpoint
// is the fit at first touch, which every lead has: it is not kept.
func (c *climb) end(from int, score float64) {
	c.s.velocity(c.i, from, c.nb, c.created, score)
	if c.nb == from+1 {
		c.nb = from
	}
	c.s.bpStart[c.i+1] = int32(c.nb)
}

// velocity sets lead i's velocity from its breakpoints from to nb-1: the
// score over the days it took to get there — from first touch to the
// first time the best score so far reached the final one — at least one
// day. Measuring to the scoring time instead would reward leads whose
// watch ended early, which for won leads is their opportunity: the
// outcome leaking in.
func (s *Scores) velocity(i, from, nb int, created int64, score float64) {
	s.Velocity[i] = math.NaN()
	if created == NoTime {
		return
	}
	for b := from; b < nb; b++ {
		if s.bpScore[b] >= score {
			s.Velocity[i] = score / max(float64(s.bpDays[b]), 1)
			return
		}
	}
}

// walker computes pain points from a lead's timeline.
type walker struct {
	rules    []rule
	byKind   [][]int
	decaying []int // rules with a half life, re-evaluated at every step
	state    []ruleState
	times    [][]int64 // per decaying rule, the occurrence times seen so far
	steady   float64   // pain from the rules without decay, kept as events come
}

type ruleState struct {
	count int
	sum   float64 // decaying rules: the decayed sum as of last
	last  int64
	first int // decaying rules with a cap: the oldest occurrence still counted
}

func newWalker(rules []rule, kinds int) *walker {
	w := &walker{rules: rules, byKind: make([][]int, kinds), state: make([]ruleState, len(rules)), times: make([][]int64, len(rules))}
	for j, r := range rules {
		w.byKind[r.kind] = append(w.byKind[r.kind], j)
		if r.halfLife > 0 && r.f.Kind == EventCount {
			w.decaying = append(w.decaying, j)
		}
	}
	return w
}

// final is the pain at time at from the events before it, computed
// directly: the most recent cap occurrences of each event rule, each
// decayed to at. Each rule's points multiply its (decayed) count and the
// rules add up in config order, as the exported SQL computes them, so a
// model without decay scores the same to the last bit in every engine.
func (w *walker) final(times []int64, kinds []uint16, at int64) float64 {
	for j := range w.state {
		w.state[j] = ruleState{}
	}
	for e := len(times) - 1; e >= 0; e-- {
		for _, j := range w.byKind[kinds[e]] {
			r := &w.rules[j]
			st := &w.state[j]
			st.count++
			if r.f.Kind == EventMin || (r.cap > 0 && st.count > r.cap) {
				continue
			}
			st.sum += decay(at-times[e], r.halfLife)
		}
	}
	pain := 0.0
	for j := range w.rules {
		r, st := &w.rules[j], &w.state[j]
		switch {
		case r.f.Kind != EventMin:
			pain += r.points * st.sum
		case st.count >= r.f.Min:
			pain += r.points
		}
	}
	return pain
}

// reset starts a lead's forward walk.
func (w *walker) reset() {
	for j := range w.state {
		w.state[j] = ruleState{}
		w.times[j] = w.times[j][:0]
	}
	w.steady = 0
}

// step adds one event at time t and returns the pain at t: each rule's
// occurrences so far, capped, decayed to t. Rules without decay change the
// running total only when their event comes; rules with decay are kept as
// a sum decayed since their last event, less the weight of occurrences
// that fell out of the cap, and are re-evaluated at every step.
func (w *walker) step(t int64, kind uint16) float64 {
	for _, j := range w.byKind[kind] {
		r := &w.rules[j]
		st := &w.state[j]
		st.count++
		switch {
		case r.f.Kind == EventMin:
			if st.count == r.f.Min {
				w.steady += r.points
			}
		case r.halfLife > 0:
			st.sum = st.sum*decay(t-st.last, r.halfLife) + 1
			st.last = t
			if r.cap > 0 {
				w.times[j] = append(w.times[j], t)
				if st.count > r.cap {
					st.sum -= decay(t-w.times[j][st.first], r.halfLife)
					st.first++
				}
			}
		case r.cap == 0 || st.count <= r.cap:
			w.steady += r.points
		}
	}
	pain := w.steady
	for _, j := range w.decaying {
		r := &w.rules[j]
		st := &w.state[j]
		if st.count > 0 {
			pain += r.points * st.sum * decay(t-st.last, r.halfLife)
		}
	}
	return pain
}

// decay is the weight of an occurrence age microseconds old under a half
// life in days; 1 without decay.
func decay(age int64, halfLife float64) float64 {
	if halfLife <= 0 || age <= 0 {
		return 1
	}
	return math.Exp2(-float64(age) / usPerDay / halfLife)
}
