package bench

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// NotebookScript is the peer of the first_answer step: what an analyst
// would otherwise write in a pandas notebook — read the CSV files, count
// each lead's outcome under leadlab's rules and each event's settled
// leads and wins. Its counts equal report actions' event rows on the
// bench's data (checked by hand; see the script).
//
//go:embed notebook/actions.py
var NotebookScript []byte

// pythonCandidates are tried in order for a Python with pandas:
// LEADLAB_PYTHON when set, then python3 on the PATH, then the system's
// own (a version manager's python3 often comes without pandas).
var pythonCandidates = func() []string {
	out := []string{"python3", "/usr/bin/python3"}
	if p := os.Getenv("LEADLAB_PYTHON"); p != "" {
		out = append([]string{p}, out...)
	}
	return out
}

// errNoPandas says why the notebook peer was not run.
var errNoPandas = errors.New("no python3 with pandas found (tried LEADLAB_PYTHON, python3 on the PATH and /usr/bin/python3; on Debian: apt-get install python3-pandas)")

// FindPandas returns the first candidate Python that imports pandas.
func FindPandas(ctx context.Context) (string, error) {
	for _, py := range pythonCandidates() {
		path, err := exec.LookPath(py)
		if err != nil {
			continue
		}
		if exec.CommandContext(ctx, path, "-c", "import pandas").Run() == nil {
			return path, nil
		}
	}
	return "", errNoPandas
}

// firstAnswer is what a user waits for from the files to the first
// correlation: a load into a new workspace, then report actions on it,
// each a process of its own; its peak is the larger of the two.
func (b *runner) firstAnswer(ctx context.Context, d dataset) (sample, error) {
	load, err := b.loadOnce(ctx, d)
	if err != nil {
		return sample{}, err
	}
	actions, err := b.runChild(ctx, child{args: []string{"report", "actions", "--db", d.ws()}})
	if err != nil {
		return sample{}, err
	}
	return sample{secs: load.secs + actions.secs, peakMB: max(load.peakMB, actions.peakMB)}, nil
}

// notebookRunner runs the notebook on the dataset's files with python,
// or is nil with the reason when no Python with pandas is at hand.
func (b *runner) notebookRunner(ctx context.Context, d dataset) (func() (sample, error), error) {
	python, err := FindPandas(ctx)
	if err != nil {
		return nil, err
	}
	script := d.scratch("notebook.py")
	if err := os.WriteFile(script, NotebookScript, 0o644); err != nil {
		return nil, fmt.Errorf("bench: write the notebook: %w", err)
	}
	return func() (sample, error) {
		return b.runChild(ctx, child{exe: python, args: []string{script, d.csv()}})
	}, nil
}
