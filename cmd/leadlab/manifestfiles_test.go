package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportDataListsEveryFile: report data names every file of a table
// fed by several, in JSON with each file's rows, in the table output
// with the rows each gave; load lists each file too.
func TestReportDataListsEveryFile(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"Lead.csv":  "Id\nL1\nL2\n",
		"Task.csv":  "WhoId,TaskSubtype\nL1,Call\nL2,Email\nL2,Call\n",
		"Event.csv": "WhoId,Type,Where\nL1,Meeting,Zoom\n",
		"m.yaml": "tables:\n  leads: {file: Lead.csv, columns: {lead_id: Id}}\n  events:\n" +
			"    - {file: Task.csv, columns: {lead_id: WhoId, event: TaskSubtype}}\n" +
			"    - {file: Event.csv, columns: {lead_id: WhoId, event: Type}}\n",
	})
	m := filepath.Join(dir, "m.yaml")
	out, err := leadlab(t, "report", "data", "--format", "json", "--manifest", m)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var r struct {
		Tables map[string]struct {
			Rows  int64 `json:"rows"`
			File  string
			Files []struct {
				File   string `json:"file"`
				Loaded int64  `json:"rows_loaded"`
			} `json:"files"`
		} `json:"tables"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	ev := r.Tables["events"]
	if ev.Rows != 4 || len(ev.Files) != 2 || filepath.Base(ev.Files[0].File) != "Task.csv" || ev.Files[0].Loaded != 3 ||
		filepath.Base(ev.Files[1].File) != "Event.csv" || ev.Files[1].Loaded != 1 {
		t.Errorf("events %+v", ev)
	}
	if n := len(r.Tables["leads"].Files); n != 1 {
		t.Errorf("leads has %d files", n)
	}
	out, err = leadlab(t, "report", "data", "--manifest", m)
	if err != nil || !strings.Contains(out, "Task.csv 3, Event.csv 1") {
		t.Errorf("table output:\n%s\n%v", out, err)
	}
	out, err = leadlab(t, "load", "--db", filepath.Join(t.TempDir(), "w.duckdb"), "--manifest", m)
	if err != nil || !strings.Contains(out, "(1 of 2)") || !strings.Contains(out, "(2 of 2)") {
		t.Errorf("load output:\n%s\n%v", out, err)
	}
}
