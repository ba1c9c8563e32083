package scoring

import (
	"runtime"
	"sync"
)

// An edit in the workbench re-scores and sweeps every lead within a
// frame, so those passes run on every core, each over a span of the leads
// (or units) with counts of its own, added up after.

// minSpan is the fewest leads worth a core of their own.
const minSpan = 50_000

// span is items lo to hi-1.
type span struct{ lo, hi int }

// spans splits n items into one span a core, or fewer when there are too
// few items to be worth it; always at least one.
func spans(n int) []span {
	k := max(min(runtime.GOMAXPROCS(0), n/minSpan), 1)
	out := make([]span, k)
	for c := range out {
		out[c] = span{c * n / k, (c + 1) * n / k}
	}
	return out
}

// eachSpan runs fn on every span at once, with the span's number.
func eachSpan(sp []span, fn func(c int, s span)) {
	if len(sp) == 1 {
		fn(0, sp[0])
		return
	}
	var wg sync.WaitGroup
	for c, s := range sp {
		wg.Go(func() { fn(c, s) })
	}
	wg.Wait()
}
