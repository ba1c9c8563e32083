package table

import "charm.land/bubbles/v2/key"

// Sort is the column a table is ordered by and the way: s moves to the
// next column in its natural direction (largest first where that is
// what an analyst looks for), S turns the order round.
type Sort struct {
	Col  int
	Desc bool
	// Next and Reverse are the bindings, for the screen's key map and help.
	Next, Reverse key.Binding
}

// NewSort orders by col, descending when desc.
func NewSort(col int, desc bool) Sort {
	return Sort{Col: col, Desc: desc,
		Next:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Reverse: key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
	}
}

// Cycle moves to the next of n columns; highFirst says which columns
// start largest first.
func (s *Sort) Cycle(n int, highFirst func(col int) bool) {
	s.Col = (s.Col + 1) % max(n, 1)
	s.Desc = highFirst != nil && highFirst(s.Col)
}

// Flip turns the order round.
func (s *Sort) Flip() { s.Desc = !s.Desc }

// Apply orders c, a comparison in the column's ascending order, the
// way the sort runs.
func (s *Sort) Apply(c int) int {
	if s.Desc {
		return -c
	}
	return c
}

// Arrow marks the sorted column's title.
func (s *Sort) Arrow() string {
	if s.Desc {
		return "▼"
	}
	return "▲"
}
