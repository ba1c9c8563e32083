package tui

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/leadlab/leadlab/internal/atomicfile"
	"github.com/leadlab/leadlab/internal/numfmt"
	"github.com/leadlab/leadlab/tui/common"
)

// csvPrompt asks where to write a table as CSV, and, when the file is
// there already, whether to overwrite it: a table is never written over
// a file without asking.
type csvPrompt struct {
	input  textinput.Model
	data   common.TableData // the table as it was when w was pressed
	exists string           // a file found in the way, waiting for y
}

// Results of writing a CSV file, off the UI loop.
type (
	csvExists  struct{ path string }
	csvWritten struct {
		path string
		rows int
	}
	csvFailed struct{ err error }
)

// Bindings of the prompt, for its help line.
var (
	csvWrite  = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "write"))
	csvCancel = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
	csvYes    = key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "overwrite"))
	csvNo     = key.NewBinding(key.WithKeys("n"), key.WithHelp("n/any key", "another name"))
)

// table is the table on view, if the screen shows one.
func (m *Model) table() (common.TableData, bool) {
	t, ok := m.Active().(common.Table)
	if !ok {
		return common.TableData{}, false
	}
	d := t.Table()
	return d, d.Len > 0
}

// tableKey handles y, Y and w on a screen that shows a table; handled is
// false for any other key.
func (m *Model) tableKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	d, ok := m.table()
	if !ok {
		return nil, false
	}
	switch {
	case key.Matches(msg, m.keys.Copy), key.Matches(msg, m.keys.CopyRow):
		if d.Selected < 0 || d.Selected >= d.Len {
			return nil, true
		}
		row := d.Row(d.Selected)
		text, what := strings.Join(row, "\t"), "the row"
		if key.Matches(msg, m.keys.Copy) && d.Value < len(row) {
			text, what = row[d.Value], fmt.Sprintf("%q", row[d.Value])
		}
		// OSC 52 asks the terminal to set the clipboard; a terminal
		// that does not allow it ignores it, so say what was sent.
		m.flash = "copied " + what + " to the clipboard (OSC 52; shift-drag selects text in most terminals if yours ignores it)"
		return tea.SetClipboard(text), true
	case key.Matches(msg, m.keys.WriteCSV):
		in := textinput.New()
		in.Prompt = "write the table as CSV to: "
		in.CharLimit = 500
		in.SetValue(d.Name + ".csv")
		in.SetWidth(max(m.width-len(in.Prompt)-2, 10))
		in.CursorEnd()
		m.csv = &csvPrompt{input: in, data: d}
		return m.csv.input.Focus(), true
	}
	return nil, false
}

// csvKey handles a key while the CSV prompt is open.
func (m *Model) csvKey(msg tea.KeyPressMsg) tea.Cmd {
	p := m.csv
	if p.exists != "" {
		path := p.exists
		p.exists = ""
		switch {
		case key.Matches(msg, csvYes):
			m.csv = nil
			return writeCSV(path, p.data, true)
		case key.Matches(msg, csvCancel):
			m.csv = nil
			return nil
		}
		// Any other key goes back to the name, to change it.
		return p.input.Focus()
	}
	switch {
	case key.Matches(msg, csvCancel):
		m.csv = nil
		return nil
	case key.Matches(msg, csvWrite):
		path := strings.TrimSpace(p.input.Value())
		if path == "" {
			m.flash = "no file name given"
			return nil
		}
		p.input.Blur()
		return writeCSV(path, p.data, false)
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return cmd
}

// csvDone takes a write's outcome.
func (m *Model) csvDone(msg tea.Msg) {
	switch msg := msg.(type) {
	case csvExists:
		if m.csv != nil {
			m.csv.exists = msg.path
		}
	case csvWritten:
		m.csv = nil
		m.flash = fmt.Sprintf("wrote %s to %s", numfmt.Count(int64(msg.rows))+" rows", msg.path)
		if msg.rows == 1 {
			m.flash = "wrote 1 row to " + msg.path
		}
	case csvFailed:
		m.flash = "not written: " + msg.err.Error()
		if m.csv != nil {
			m.csv.input.Focus()
		}
	}
}

// writeCSV writes d to path off the UI loop: header, then every row. A
// file already there is reported, not replaced, unless overwrite is set;
// then it is replaced whole (a temporary file renamed over it), so a
// failure leaves it as it was.
func writeCSV(path string, d common.TableData, overwrite bool) tea.Cmd {
	return func() tea.Msg {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		_ = w.Write(d.Header) // a bytes.Buffer does not fail
		for i := range d.Len {
			_ = w.Write(d.Row(i))
		}
		w.Flush()
		if overwrite {
			if err := atomicfile.WriteBytes(path, b.Bytes()); err != nil {
				return csvFailed{err}
			}
			return csvWritten{path, d.Len}
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			return csvExists{path}
		}
		if err != nil {
			return csvFailed{err}
		}
		_, err = f.Write(b.Bytes())
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path) // created above: nothing of the user's is lost
			return csvFailed{fmt.Errorf("write %s: %w", path, err)}
		}
		return csvWritten{path, d.Len}
	}
}

// csvStatus is the status line while the prompt is open.
func (m *Model) csvStatus() string {
	if m.csv.exists != "" {
		return m.c.Styles.StatusError.Render(m.csv.exists + " exists: y overwrites it, esc cancels, any other key goes back to the name")
	}
	return m.csv.input.View()
}

// csvHelp is the help while the prompt is open.
func (m *Model) csvHelp() []key.Binding {
	if m.csv.exists != "" {
		return []key.Binding{csvYes, csvCancel, csvNo}
	}
	return []key.Binding{csvWrite, csvCancel}
}
