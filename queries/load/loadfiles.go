package load

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/leadlab/leadlab/queries"
	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// FileLoad summarises one file of a table: a manifest may feed a table
// from several files (Salesforce's Task, Event and CampaignMember all give
// events), each with its own mapping.
type FileLoad struct {
	File     string   `json:"file"`
	Format   string   `json:"format"`
	Read     int64    `json:"rows_read"`
	Loaded   int64    `json:"rows_loaded"`
	Rejected int64    `json:"rows_rejected"`
	Columns  []string `json:"columns"`
	Extras   []string `json:"extras"`
	Ignored  []string `json:"ignored"`
}

// loadFiles loads a table fed by several files: each is staged and typed
// with its own mapping, the typed rows are put together (UNION ALL BY
// NAME, so each file's extra attributes keep their names), and duplicate
// ids are then found over all of them. The careful path reads every file,
// so that each reject keeps its own file and line.
func (l *loader) loadFiles(t queries.Table, srcs []Source) (TableLoad, error) {
	tl := TableLoad{Table: t.Name, File: srcs[0].Path, Format: srcs[0].Format}
	var parts []*filePart
	var offset int64
	var names []string
	for i, src := range srcs {
		p, err := l.prepareFile(t, src, fmt.Sprintf("%s_%d", t.Name, i+1), offset)
		if err != nil {
			return tl, err
		}
		offset += p.st.rows
		parts = append(parts, p)
		names = append(names, filepath.Base(src.Path))
		for _, n := range p.notes {
			tl.Notes = append(tl.Notes, filepath.Base(src.Path)+": "+n)
		}
		tl.Extras = sqltext.Union(tl.Extras, p.extras)
		tl.Ignored = sqltext.Union(tl.Ignored, p.ignored)
	}
	for _, c := range t.Columns { // in the table's order
		for _, p := range parts {
			if slices.Contains(p.columns(), c.Name) {
				tl.Columns = append(tl.Columns, c.Name)
				break
			}
		}
	}
	typed := "_typed_" + t.Name
	l.temps = append(l.temps, typed)
	sel := make([]string, len(parts))
	for i, p := range parts {
		sel[i] = fmt.Sprintf("SELECT *, %s AS __file, %s AS __fname FROM %s",
			sqltext.QuoteLit(p.src.Path), sqltext.QuoteLit(filepath.Base(p.src.Path)), sqltext.QuoteIdent(p.typed))
	}
	q := fmt.Sprintf("CREATE OR REPLACE TEMP TABLE %s AS\n%s", sqltext.QuoteIdent(typed), strings.Join(sel, "\nUNION ALL BY NAME\n"))
	if err := l.exec(q); err != nil {
		return tl, fmt.Errorf("%s: put the files together: %s", strings.Join(names, ", "), err)
	}
	if t.Key != "" {
		q := fmt.Sprintf(blocks.SQL("rejects-duplicates-files"), sqltext.QuoteLit(t.Name), sqltext.QuoteIdent(t.Key), sqltext.QuoteLit(t.Key), sqltext.QuoteIdent(typed))
		if err := l.exec(q); err != nil {
			return tl, err
		}
	}
	for _, p := range parts {
		if err := l.mapLines(t, p); err != nil {
			return tl, err
		}
	}
	if err := l.store(t, typed, parts[0].plans, tl.Extras); err != nil {
		return tl, fmt.Errorf("%s: %s", strings.Join(names, ", "), err)
	}
	for _, p := range parts {
		fl := FileLoad{File: absPath(p.src.Path), Format: p.src.Format, Columns: p.columns(), Extras: p.extras, Ignored: p.ignored}
		if err := l.conn.QueryRowContext(l.ctx, blocks.SQL("rejects-temp-count-file"), t.Name, p.src.Path).Scan(&fl.Rejected); err != nil {
			return tl, err
		}
		structural := int64(countLines(p.st.structRej)) + p.st.swallowed
		fl.Rejected += p.st.swallowed
		fl.Read = p.st.rows + structural
		fl.Loaded = p.st.rows - (fl.Rejected - structural)
		tl.Read, tl.Loaded, tl.Rejected = tl.Read+fl.Read, tl.Loaded+fl.Loaded, tl.Rejected+fl.Rejected
		tl.Files = append(tl.Files, fl)
	}
	return tl, l.checkShare(t, tl, strings.Join(names, ", "))
}
