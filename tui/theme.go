package tui

import "charm.land/lipgloss/v2"

// styles is the one place colours are chosen; views use these names.
type styles struct {
	Title, Heading, Muted, Number, Warn, Bad lipgloss.Style
}

func defaultStyles() styles {
	accent := lipgloss.Color("#7D56F4")
	return styles{
		Title:   lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#FFFDF5")).Background(accent).Padding(0, 1),
		Heading: lipgloss.NewStyle().Bold(true).Foreground(accent),
		Muted:   lipgloss.NewStyle().Foreground(lipgloss.Color("#888888")),
		Number:  lipgloss.NewStyle().Bold(true),
		Warn:    lipgloss.NewStyle().Foreground(lipgloss.Color("#E5A50A")),
		Bad:     lipgloss.NewStyle().Foreground(lipgloss.Color("#E01B24")),
	}
}
