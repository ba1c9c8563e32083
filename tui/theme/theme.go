// Package theme turns leadlab's semantic colour tokens into the one set
// of styles every view uses; no view names a colour.
package theme

import (
	"fmt"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles are what views render with.
type Styles struct {
	Title       lipgloss.Style // the app name in the tab bar
	Tab         lipgloss.Style // an inactive tab
	ActiveTab   lipgloss.Style // the tab on screen
	Heading     lipgloss.Style // a section heading inside a pane
	Muted       lipgloss.Style // explanations, units, secondary figures
	Number      lipgloss.Style // a figure that matters
	Good        lipgloss.Style // inside the target, significant
	Warn        lipgloss.Style // a guard rail crossed, a caveat
	Bad         lipgloss.Style // an error, a rejected row
	Selected    lipgloss.Style // the selected row of a list
	Bar         lipgloss.Style // bars of charts
	BarAlt      lipgloss.Style // the second series of a chart
	TargetBand  lipgloss.Style // the target range shaded in charts
	Status      lipgloss.Style // the status line
	StatusError lipgloss.Style
	// BandFill is what fills the empty cells of a shaded range: a blank
	// on its coloured background, or, with no colour to shade with, a
	// pattern, so that the range is still seen.
	BandFill string
	// Help styles the key help line.
	Help help.Styles
	// Input styles text fields: the prompt in the heading's colour, the
	// placeholder muted.
	Input textinput.Styles
}

// Options choose the palette.
type Options struct {
	// Light is a light terminal background.
	Light bool
	// NoColor is a terminal that shows no colour (NO_COLOR, a dumb
	// terminal): the styles use bold and reverse video only, and shaded
	// ranges a pattern.
	NoColor bool
}

// Mode is the --theme choice: Auto follows the terminal's background.
type Mode int

// The theme modes.
const (
	Auto Mode = iota
	Dark
	Light
)

// ParseMode reads a --theme value.
func ParseMode(s string) (Mode, error) {
	switch s {
	case "", "auto":
		return Auto, nil
	case "dark":
		return Dark, nil
	case "light":
		return Light, nil
	}
	return Auto, fmt.Errorf("theme %q: want auto, light or dark", s)
}

// Default is the dark-background palette.
func Default() Styles { return New(Options{}) }

// New is the palette for a terminal: dark or light background, colour or
// none. Each colour pair is (light background, dark background).
func New(o Options) Styles {
	st := palette(o)
	st.Input = textinput.DefaultStyles(!o.Light)
	st.Input.Focused.Prompt, st.Input.Focused.Placeholder = st.Heading, st.Muted
	st.Input.Blurred.Prompt, st.Input.Blurred.Placeholder = st.Muted, st.Muted
	if o.NoColor {
		st.Input.Blurred.Text = lipgloss.NewStyle()
	}
	return st
}

func palette(o Options) Styles {
	if o.NoColor {
		return plain()
	}
	c := lipgloss.LightDark(!o.Light)
	accent := c(lipgloss.Color("#5A3FD6"), lipgloss.Color("#7D56F4"))
	subtle := c(lipgloss.Color("#666666"), lipgloss.Color("#8A8A8A"))
	good := c(lipgloss.Color("#1A7F37"), lipgloss.Color("#2EC27E"))
	warn := c(lipgloss.Color("#9A5B00"), lipgloss.Color("#E5A50A"))
	bad := c(lipgloss.Color("#C01C28"), lipgloss.Color("#E01B24"))
	// The selected row and the tab on view: a tint of the accent with the
	// text colour set too, so the row never reads as the terminal's own
	// foreground on a background meant for the other kind of terminal.
	selBg := c(lipgloss.Color("#DCD5FA"), lipgloss.Color("#3C3C5A"))
	selFg := c(lipgloss.Color("#1B1530"), lipgloss.Color("#FFFDF5"))
	return Styles{
		Title:       lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#FFFDF5")).Background(accent).Padding(0, 1),
		Tab:         lipgloss.NewStyle().Foreground(subtle).Padding(0, 1),
		ActiveTab:   lipgloss.NewStyle().Bold(true).Foreground(selFg).Background(selBg).Padding(0, 1),
		Heading:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Muted:       lipgloss.NewStyle().Foreground(subtle),
		Number:      lipgloss.NewStyle().Bold(true),
		Good:        lipgloss.NewStyle().Foreground(good),
		Warn:        lipgloss.NewStyle().Foreground(warn),
		Bad:         lipgloss.NewStyle().Foreground(bad),
		Selected:    lipgloss.NewStyle().Bold(true).Foreground(selFg).Background(selBg),
		Bar:         lipgloss.NewStyle().Foreground(accent),
		BarAlt:      lipgloss.NewStyle().Foreground(good),
		TargetBand:  lipgloss.NewStyle().Background(c(lipgloss.Color("#D3F0DC"), lipgloss.Color("#233B2E"))),
		Status:      lipgloss.NewStyle().Foreground(subtle),
		StatusError: lipgloss.NewStyle().Foreground(bad).Bold(true),
		BandFill:    " ",
		Help:        help.DefaultStyles(!o.Light),
	}
}

// plain is the palette without colour: what must stand out is bold or
// in reverse video, which NO_COLOR leaves alone.
func plain() Styles {
	none := lipgloss.NewStyle()
	bold := none.Bold(true)
	return Styles{
		Title:       bold.Reverse(true).Padding(0, 1),
		Tab:         none.Padding(0, 1),
		ActiveTab:   bold.Reverse(true).Padding(0, 1),
		Heading:     bold,
		Muted:       none,
		Number:      bold,
		Good:        bold,
		Warn:        none,
		Bad:         bold,
		Selected:    bold.Reverse(true),
		Bar:         none,
		BarAlt:      none,
		TargetBand:  none,
		Status:      none,
		StatusError: bold,
		BandFill:    "░",
		Help:        help.Styles{},
	}
}
