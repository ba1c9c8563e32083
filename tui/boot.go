package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/leadlab/leadlab/tui/common"
	"github.com/leadlab/leadlab/tui/theme"
)

// Boot is the workbench while its data is still being opened: the frame
// is drawn at once, with a spinner where the data is coming, rather than
// a blank terminal for the seconds a load takes. When open returns, the
// workbench it built takes over at the window's size; when open fails,
// the program ends and Err says why.
type Boot struct {
	styles theme.Styles
	what   string // "loading the sample"
	open   func(context.Context) (*Model, error)
	ctx    context.Context
	cancel context.CancelFunc
	spin   spinner.Model
	model  *Model
	err    error
	width  int
	height int
	// early are the terminal's reports (colour profile, background) that
	// came before the workbench was built: it gets them when it is.
	early []tea.Msg
}

// opened is open's answer.
type opened struct {
	m   *Model
	err error
}

// NewBoot is the workbench that shows what (such as "loading the
// sample") until open has built it; q or ctrl+c meanwhile stops open
// through its context and quits.
func NewBoot(ctx context.Context, styles theme.Styles, what string, open func(context.Context) (*Model, error)) *Boot {
	ctx, cancel := context.WithCancel(ctx)
	return &Boot{styles: styles, what: what, open: open, ctx: ctx, cancel: cancel, spin: spinner.New(spinner.WithSpinner(spinner.Dot))}
}

// Model is the workbench once built; nil until then, or when it never was.
func (b *Boot) Model() *Model { return b.model }

// Err is why the workbench could not be built.
func (b *Boot) Err() error { return b.err }

// Init implements tea.Model: the data is opened off the UI loop.
func (b *Boot) Init() tea.Cmd {
	return tea.Batch(b.spin.Tick, func() tea.Msg {
		m, err := b.open(b.ctx)
		return opened{m, err}
	})
}

// Update implements tea.Model.
func (b *Boot) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if b.model != nil {
		_, cmd := b.model.Update(msg)
		return b, cmd
	}
	switch msg := msg.(type) {
	case opened:
		if msg.err != nil {
			b.err = msg.err
			return b, tea.Quit
		}
		b.model = msg.m
		cmds := []tea.Cmd{b.model.Init()}
		for _, e := range b.early {
			_, cmd := b.model.Update(e)
			cmds = append(cmds, cmd)
		}
		if b.width > 0 {
			b.model.Update(tea.WindowSizeMsg{Width: b.width, Height: b.height})
		}
		return b, tea.Batch(cmds...)
	case tea.ColorProfileMsg, tea.BackgroundColorMsg:
		b.early = append(b.early, msg)
	case tea.WindowSizeMsg:
		b.width, b.height = msg.Width, msg.Height
	case tea.KeyPressMsg:
		if s := msg.String(); s == "q" || s == "ctrl+c" || s == "esc" {
			b.cancel()
			return b, tea.Quit
		}
	case spinner.TickMsg:
		var cmd tea.Cmd
		b.spin, cmd = b.spin.Update(msg)
		return b, cmd
	}
	return b, nil
}

// View implements tea.Model: the workbench's frame, the spinner where
// its screen will be.
func (b *Boot) View() tea.View {
	if b.model != nil {
		return b.model.View()
	}
	s := b.styles
	body := b.spin.View() + " " + b.what + "…"
	lines := []string{s.Title.Render("leadlab"), "", body}
	content := strings.Join(lines, "\n")
	if b.width > 0 && b.height > 0 {
		content = common.Clip(lines, b.width, max(b.height-2, 1)) + "\n" + s.Status.Render(b.what) + "\n" + s.Muted.Render("q quit")
	}
	v := tea.NewView(lipgloss.NewStyle().Render(content))
	v.AltScreen = true
	return v
}
