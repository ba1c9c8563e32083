// Package docs holds leadlab's documentation pages; its only Go file is
// this test, which keeps their links from going stale.
package docs

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// root is the repository, whose Markdown files the test reads.
const root = ".."

// TestRelativeLinksResolve checks every relative link of every Markdown
// file in the repository (README.md, docs/*.md and the READMEs beside the
// code): the file it names exists, and an #anchor names a heading of that
// file. Pages move and headings get reworded; a link that quietly stops
// pointing anywhere is the first thing a reader of the documentation hits.
func TestRelativeLinksResolve(t *testing.T) {
	files := markdownFiles(t)
	if len(files) < 2 {
		t.Fatalf("found %d Markdown files under %s; is the test run from docs/?", len(files), root)
	}
	anchors := map[string]map[string]bool{} // file → its headings' anchors
	anchorsOf := func(path string) map[string]bool {
		if a, ok := anchors[path]; ok {
			return a
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		anchors[path] = headingAnchors(string(b))
		return anchors[path]
	}
	checked := 0
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range relativeLinks(string(b)) {
			checked++
			target, anchor, _ := strings.Cut(l.target, "#")
			path := file
			if target != "" {
				path = filepath.Join(filepath.Dir(file), filepath.FromSlash(target))
				info, err := os.Stat(path)
				if err != nil {
					t.Errorf("%s:%d: link %q: %s does not exist", rel(file), l.line, l.target, rel(path))
					continue
				}
				if info.IsDir() || !strings.HasSuffix(path, ".md") {
					if anchor != "" {
						t.Errorf("%s:%d: link %q: an anchor on a file that is not Markdown", rel(file), l.line, l.target)
					}
					continue
				}
			}
			if anchor != "" && !anchorsOf(path)[anchor] {
				t.Errorf("%s:%d: link %q: %s has no heading with anchor #%s", rel(file), l.line, l.target, rel(path), anchor)
			}
		}
	}
	if checked == 0 {
		t.Error("no relative link found at all: the link pattern is broken")
	}
}

// markdownFiles lists the repository's .md files, leaving out hidden
// folders (.git) and the workspaces and caches a run may leave.
func markdownFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".md") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func rel(path string) string {
	if r, err := filepath.Rel(root, path); err == nil {
		return filepath.ToSlash(r)
	}
	return path
}

type link struct {
	target string
	line   int
}

var (
	fence      = regexp.MustCompile("(?m)^ *(```|~~~)")
	codeSpan   = regexp.MustCompile("`+[^`]*`+")
	inlineLink = regexp.MustCompile(`\]\(([^()\s]+)(?:\s+"[^"]*")?\)`)
	refDef     = regexp.MustCompile(`(?m)^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?`)
	scheme     = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
)

// relativeLinks returns the targets of the inline links of a Markdown
// text that point inside the repository, with their line numbers; links
// inside code blocks and code spans are not links.
func relativeLinks(text string) []link {
	var out []link
	for _, p := range prose(text, true) {
		for _, m := range refDef.FindAllStringSubmatchIndex(p.text, -1) {
			target := p.text[m[2]:m[3]]
			if !scheme.MatchString(target) {
				out = append(out, link{target: target, line: p.line + strings.Count(p.text[:m[0]], "\n")})
			}
		}
		for _, m := range inlineLink.FindAllStringSubmatchIndex(p.text, -1) {
			target := p.text[m[2]:m[3]]
			if scheme.MatchString(target) || strings.HasPrefix(target, "//") {
				continue
			}
			out = append(out, link{target: target, line: p.line + strings.Count(p.text[:m[0]], "\n")})
		}
	}
	return out
}

type chunk struct {
	text string
	line int // of the chunk's first line
}

// prose splits a Markdown text into the stretches outside fenced code
// blocks; with blank, code spans are blanked out (their newlines kept, so
// that line numbers stay right).
func prose(text string, blank bool) []chunk {
	var out []chunk
	lines := strings.SplitAfter(text, "\n")
	var cur strings.Builder
	start, inFence := 1, false
	for i, l := range lines {
		if fence.MatchString(l) {
			if !inFence {
				out = append(out, chunk{cur.String(), start})
				cur.Reset()
			} else {
				start = i + 2
			}
			inFence = !inFence
			continue
		}
		if !inFence {
			cur.WriteString(l)
		}
	}
	out = append(out, chunk{cur.String(), start})
	for i := range out {
		if !blank {
			break
		}
		out[i].text = codeSpan.ReplaceAllStringFunc(out[i].text, func(s string) string {
			return strings.Repeat("\n", strings.Count(s, "\n"))
		})
	}
	return out
}

// headingAnchors returns the anchors GitHub gives a Markdown text's
// headings: lower case, spaces to hyphens, punctuation other than hyphens
// and underscores dropped, and -1, -2, … after a repeated one.
func headingAnchors(text string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	for _, p := range prose(text, false) {
		for l := range strings.SplitSeq(p.text, "\n") {
			title, ok := strings.CutPrefix(strings.TrimLeft(l, "#"), " ")
			if !ok || !strings.HasPrefix(l, "#") || len(l)-len(strings.TrimLeft(l, "#")) > 6 {
				continue
			}
			a := slug(title)
			if n := seen[a]; n > 0 {
				out[a+"-"+strconv.Itoa(n)] = true
			} else {
				out[a] = true
			}
			seen[a]++
		}
	}
	return out
}

func slug(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(title)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// TestSlug pins the anchors of headings like the ones the pages link to,
// as GitHub makes them.
func TestSlug(t *testing.T) {
	for title, want := range map[string]string{
		"The funnel's KPIs":                 "the-funnels-kpis",
		"How outcomes are counted":          "how-outcomes-are-counted",
		"`report actions`: the table":       "report-actions-the-table",
		"Lift, p and q values (two-sided)":  "lift-p-and-q-values-two-sided",
		"Won, window & as-of — three rules": "won-window--as-of--three-rules",
		"snake_case and UPPER":              "snake_case-and-upper",
	} {
		if got := slug(title); got != want {
			t.Errorf("slug(%q) = %q, want %q", title, got, want)
		}
	}
	a := headingAnchors("# A\n\n## A\n\n```\n# not a heading\n```\n### B\n")
	for _, want := range []string{"a", "a-1", "b"} {
		if !a[want] {
			t.Errorf("anchors %v lack %q", a, want)
		}
	}
	if a["not-a-heading"] {
		t.Error("a line in a code block was taken for a heading")
	}
}
