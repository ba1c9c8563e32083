package table

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/tui/theme"
)

// Search is a table's text filter: / opens it, it applies as it is
// typed, enter keeps it and esc clears it. While it is open it takes
// every key (the screen reports Editing), so q and 1–8 are letters.
type Search struct {
	input   textinput.Model
	editing bool
	text    string
	// Open, Keep and Clear are the bindings, for the screen's key map
	// and help.
	Open, Keep, Clear key.Binding
}

// NewSearch returns a closed filter whose empty field says what it
// matches, such as "part of a factor name", in the theme's field styles.
func NewSearch(placeholder string, styles textinput.Styles) Search {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = placeholder
	in.CharLimit = 100
	in.SetStyles(styles)
	in.SetWidth(24)
	return Search{input: in,
		Open:  key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Keep:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		Clear: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
	}
}

// SetStyles restyles the field, as when the theme follows the terminal's
// background.
func (s *Search) SetStyles(styles textinput.Styles) { s.input.SetStyles(styles) }

// Start opens the field on the filter in force, the cursor at its end.
func (s *Search) Start() tea.Cmd {
	s.editing = true
	s.input.SetValue(s.text)
	s.input.CursorEnd()
	return s.input.Focus()
}

// Reset closes the field and drops the filter, as when the rows it
// filtered are replaced.
func (s *Search) Reset() {
	s.editing, s.text = false, ""
	s.input.Blur()
	s.input.SetValue("")
}

// Editing says the field is open.
func (s *Search) Editing() bool { return s.editing }

// Text is the filter in force.
func (s *Search) Text() string { return s.text }

// Key types into the open field; changed says the filter in force
// changed, so the table is filtered again.
func (s *Search) Key(msg tea.KeyPressMsg) (cmd tea.Cmd, changed bool) {
	switch {
	case key.Matches(msg, s.Keep):
		s.editing = false
		s.input.Blur()
		return nil, false
	case key.Matches(msg, s.Clear):
		s.editing = false
		s.input.Blur()
		s.input.SetValue("")
		changed, s.text = s.text != "", ""
		return nil, changed
	}
	s.input, cmd = s.input.Update(msg)
	changed, s.text = s.text != s.input.Value(), s.input.Value()
	return cmd, changed
}

// Update passes the field the messages of its own, such as the cursor's
// blinking, while it is open.
func (s *Search) Update(msg tea.Msg) tea.Cmd {
	if !s.editing {
		return nil
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	return cmd
}

// Match says one of fields holds the filter's text, in any case; every
// row matches an empty filter.
func (s *Search) Match(fields ...string) bool {
	if s.text == "" {
		return true
	}
	t := strings.ToLower(s.text)
	for _, f := range fields {
		if strings.Contains(strings.ToLower(f), t) {
			return true
		}
	}
	return false
}

// Help is the bindings that work while the field is open.
func (s *Search) Help() []key.Binding { return []key.Binding{s.Keep, s.Clear} }

// View is the open field, or the filter in force as `what ~ "text"`,
// or "" when there is none.
func (s *Search) View(st theme.Styles, what string) string {
	switch {
	case s.editing:
		return s.input.View()
	case s.text != "":
		return st.Muted.Render(what+" ~ ") + strconv.Quote(s.text)
	}
	return ""
}
