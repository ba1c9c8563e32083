package sqlpane

// historySize is how many queries the history keeps.
const historySize = 50

// history keeps the queries run, oldest first, and where recalling has
// got to. As in a shell, going back from the query being written keeps it
// as a draft that coming forward past the newest entry restores.
type history struct {
	entries []string
	pos     int // the entry in the box; len(entries) for the draft
	draft   string
}

// add records a query just run as the newest entry, moving an earlier
// copy rather than keeping two, and ends any recalling.
func (h *history) add(q string) {
	for i, e := range h.entries {
		if e == q {
			h.entries = append(h.entries[:i], h.entries[i+1:]...)
			break
		}
	}
	h.entries = append(h.entries, q)
	if len(h.entries) > historySize {
		h.entries = h.entries[len(h.entries)-historySize:]
	}
	h.pos, h.draft = len(h.entries), ""
}

// prev steps back from current, the text in the box; ok is false at the
// oldest entry.
func (h *history) prev(current string) (q string, ok bool) {
	if h.pos == 0 || len(h.entries) == 0 {
		return "", false
	}
	if h.pos == len(h.entries) {
		h.draft = current
	}
	h.pos--
	return h.entries[h.pos], true
}

// next steps forward; past the newest entry it gives the draft back, and
// ok is false when there is nothing further.
func (h *history) next() (q string, ok bool) {
	if h.pos >= len(h.entries) {
		return "", false
	}
	h.pos++
	if h.pos == len(h.entries) {
		return h.draft, true
	}
	return h.entries[h.pos], true
}

// recalling says an entry, not the draft, is in the box.
func (h *history) recalling() bool { return h.pos < len(h.entries) }
