package scoring

import (
	"math"
	"strconv"
	"strings"
	"sync"
)

// An edit in the workbench re-scores every lead within a frame, but
// walking every event of every lead for each edit costs several times one
// pass over the leads. Under a model without decay most events cannot move
// a score: an event no rule names, an occurrence past a rule's cap, any
// occurrence of event:NAME>=N but the N-th. A lead's steps are the
// occurrences that do, each with its rule. They depend on the rules'
// events, kinds, caps and thresholds and on when each lead is scored as
// of, never on the points, so they are gathered once per mode and set of
// rules and kept: an edit of points or of the cutoff walks only them, and
// gives every figure the walk over every event gives, to the bit
// (TestStepsMatchTheFullWalk). Decay makes every event move the score (the
// decayed sums are re-evaluated at each), so a model with decay walks
// every event.

// lastOfEvent marks a step that is its event's last: the score is read
// after every rule its event moves has moved it, as the walk over every
// event reads it after each event.
const lastOfEvent = 1 << 15

// steps are every lead's steps under one mode and set of rules: lead
// i's are at start[i] to start[i+1]-1, in the order the walk meets them
// (by event, then by rule), each its time and rule (with lastOfEvent).
type steps struct {
	key   stepKey
	start []int32
	time  []int64
	rule  []uint16
	// at and until are when each lead is scored as of, as Scores has
	// them: every Scores made from these steps shares them.
	at, until []int64
}

// stepKey is what a lead's steps depend on.
type stepKey struct {
	mode  Mode
	gen   int    // the Data's timeline: a new one has new steps
	rules string // each pain rule's event, kind, cap and threshold
}

// stepCache keeps the steps last gathered for each mode.
type stepCache struct {
	mu     sync.Mutex
	byMode [Now + 1]*steps
}

// stepsFor is the leads' steps under mode and the pain rules, gathered
// now unless kept from an earlier call; nil when the rules need every
// event walked (decay, or more rules than a step can name).
func (d *Data) stepsFor(mode Mode, pain []rule) *steps {
	if len(pain) >= lastOfEvent {
		return nil
	}
	var sig strings.Builder
	for _, r := range pain {
		if r.halfLife > 0 && r.f.Kind == EventCount {
			return nil
		}
		for _, v := range []int{int(r.kind), int(r.f.Kind), r.cap, r.f.Min} {
			sig.WriteString(strconv.Itoa(v))
			sig.WriteByte(' ')
		}
		sig.WriteByte(';')
	}
	key := stepKey{mode: mode, gen: d.tlGen, rules: sig.String()}
	c := &d.steps
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.byMode[mode]; st != nil && st.key == key {
		return st
	}
	st := d.gatherSteps(key, pain)
	c.byMode[mode] = st
	return st
}

// moves says whether a rule's count-th occurrence before the scoring
// time moves the score, as walker.step counts it.
func (r *rule) moves(count int) bool {
	if r.f.Kind == EventMin {
		return count == r.f.Min
	}
	return r.cap == 0 || count <= r.cap
}

// gatherSteps finds every lead's steps: a pass over the events to count
// them, and another to write them where the counts say, each a span of
// leads a core.
func (d *Data) gatherSteps(key stepKey, pain []rule) *steps {
	n := d.N()
	st := &steps{key: key, start: make([]int32, n+1), at: make([]int64, n), until: make([]int64, n)}
	byKind := newWalker(pain, len(d.names)).byKind
	sp := spans(n)
	// walk calls each step of leads lo to hi-1 with its time, rule and
	// whether it is its event's last, and end after each lead.
	walk := func(lo, hi int, step func(t int64, r uint16), end func(i int)) {
		count := make([]int, len(pain))
		for i := lo; i < hi; i++ {
			until := st.until[i]
			clear(count)
			for e := d.tl.Start[i]; e < d.tl.Start[i+1] && d.tl.Time[e] < until; e++ {
				last := -1
				for _, j := range byKind[d.tl.Kind[e]] {
					count[j]++
					if pain[j].moves(count[j]) {
						if last >= 0 {
							step(d.tl.Time[e], uint16(last))
						}
						last = j
					}
				}
				if last >= 0 {
					step(d.tl.Time[e], uint16(last)|lastOfEvent)
				}
			}
			end(i)
		}
	}
	eachSpan(sp, func(_ int, x span) {
		k := int32(0)
		for i := x.lo; i < x.hi; i++ {
			st.at[i], st.until[i] = d.scoredAt(i, key.mode)
		}
		walk(x.lo, x.hi, func(int64, uint16) { k++ }, func(i int) { st.start[i+1], k = k, 0 })
	})
	for i := range n {
		st.start[i+1] += st.start[i]
	}
	total := st.start[n]
	st.time, st.rule = make([]int64, total), make([]uint16, total)
	eachSpan(sp, func(_ int, x span) {
		k := st.start[x.lo]
		walk(x.lo, x.hi, func(t int64, r uint16) { st.time[k], st.rule[k] = t, r; k++ }, func(int) {})
	})
	return st
}

// scoreSteps scores leads lo to hi-1 from their steps, writing their
// breakpoints from base, and returns how many it wrote: walker.step and
// walker.final over the steps alone, which without decay is them over
// every event.
func (d *Data) scoreSteps(s *Scores, cfg Config, pain []rule, st *steps, lo, hi, base int) int {
	points := make([]float64, len(pain))
	whole := true
	for j, r := range pain {
		points[j] = r.points
		whole = whole && r.points == math.Trunc(r.points)
	}
	count := make([]int, len(pain))
	c := climb{s: s, cutoff: cfg.Cutoff, nb: base}
	for i := lo; i < hi; i++ {
		fit := s.Fit[i]
		first, last := st.start[i], st.start[i+1]
		if first == last {
			// No step: no pain (+0, as the walk adds none), and what climb
			// gives a lead whose score stays its fit, with its one
			// breakpoint (not kept), at first touch.
			created := d.Leads.Created[i]
			s.total[i] = fit + 0
			s.Reached[i], s.Velocity[i] = NoTime, math.NaN()
			if created != NoTime {
				s.Velocity[i] = fit
				if fit >= cfg.Cutoff {
					s.Reached[i] = created
				}
			}
			s.bpStart[i+1] = int32(c.nb)
			continue
		}
		ref := st.until[i]
		if ref == d.AsOf+1 {
			ref = d.AsOf
		}
		from := c.start(i, d.Leads.Created[i])
		c.mark(c.created, fit)
		p := 0.0
		for e := first; e < last; e++ {
			r := st.rule[e]
			p += points[r&^lastOfEvent]
			if r&lastOfEvent != 0 {
				c.mark(st.time[e], fit+p)
			}
		}
		if whole {
			s.Pain[i] = p
		} else {
			// walker.final: each rule's points times its occurrences
			// counted, the rules added up in config order.
			clear(count)
			for e := first; e < last; e++ {
				count[st.rule[e]&^lastOfEvent]++
			}
			sum := 0.0
			for j := range pain {
				switch {
				case pain[j].f.Kind != EventMin:
					sum += points[j] * float64(count[j])
				case count[j] > 0:
					sum += points[j]
				}
			}
			s.Pain[i] = sum
		}
		score := fit + s.Pain[i]
		s.total[i] = score
		c.mark(ref, score)
		c.end(from, score)
	}
	return c.nb - base
}
