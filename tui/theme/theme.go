// Package theme turns leadlab's semantic colour tokens into the one set
// of styles every view uses; no view names a colour.
package theme

import "charm.land/lipgloss/v2"

// Tokens are the semantic colours.
type Tokens struct {
	Accent, Text, Subtle, Border, Good, Warn, Bad, Band lipgloss.Style
}

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
}

// Default is the dark-background palette.
func Default() Styles {
	accent := lipgloss.Color("#7D56F4")
	subtle := lipgloss.Color("#8A8A8A")
	good := lipgloss.Color("#2EC27E")
	warn := lipgloss.Color("#E5A50A")
	bad := lipgloss.Color("#E01B24")
	return Styles{
		Title:       lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#FFFDF5")).Background(accent).Padding(0, 1),
		Tab:         lipgloss.NewStyle().Foreground(subtle).Padding(0, 1),
		ActiveTab:   lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#FFFDF5")).Background(lipgloss.Color("#3C3C5A")).Padding(0, 1),
		Heading:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Muted:       lipgloss.NewStyle().Foreground(subtle),
		Number:      lipgloss.NewStyle().Bold(true),
		Good:        lipgloss.NewStyle().Foreground(good),
		Warn:        lipgloss.NewStyle().Foreground(warn),
		Bad:         lipgloss.NewStyle().Foreground(bad),
		Selected:    lipgloss.NewStyle().Bold(true).Background(lipgloss.Color("#3C3C5A")),
		Bar:         lipgloss.NewStyle().Foreground(accent),
		BarAlt:      lipgloss.NewStyle().Foreground(good),
		TargetBand:  lipgloss.NewStyle().Background(lipgloss.Color("#233B2E")),
		Status:      lipgloss.NewStyle().Foreground(subtle),
		StatusError: lipgloss.NewStyle().Foreground(bad).Bold(true),
	}
}
