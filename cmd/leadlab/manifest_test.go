package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A drafted manifest loads as written, and a second draft never
// overwrites the first (the analyst may have corrected it).
func TestManifestDraftThenLoad(t *testing.T) {
	exports := writeFiles(t, map[string]string{
		"contacts.csv": "Record ID,Create Date\nc1,2024-01-02\nc2,2024-01-03\nc3,2024-01-04\n",
		"deals.csv":    "Deal ID,Contact ID,Deal Stage,Close Date,Lost Reason\nd1,c1,Closed Won,2024-02-01,\nd2,c2,Closed Lost,2024-02-02,price\n",
	})
	out := filepath.Join(t.TempDir(), "draft.yaml")
	msg, err := leadlab(t, "manifest", "draft", exports, "--out", out)
	if err != nil || !strings.Contains(msg, "leads from contacts.csv, deals from deals.csv") {
		t.Fatalf("draft: %v\n%s", err, msg)
	}
	db := filepath.Join(t.TempDir(), "ws.duckdb")
	if msg, err := leadlab(t, "load", "--db", db, "--manifest", out); err != nil {
		t.Fatalf("load: %v\n%s", err, msg)
	}
	got := reportJSON(t, "--db", db, "--window", "0")
	if got.Outcome.Leads != 3 || got.Outcome.Won != 1 || got.Tables["deals"].Rows != 2 {
		t.Errorf("leads %d won %d deals %d, want 3, 1, 2", got.Outcome.Leads, got.Outcome.Won, got.Tables["deals"].Rows)
	}
	before, _ := os.ReadFile(out)
	if _, err := leadlab(t, "manifest", "draft", exports, "--out", out); err == nil || !strings.Contains(err.Error(), "never overwrites") {
		t.Errorf("second draft: %v", err)
	}
	if after, _ := os.ReadFile(out); string(after) != string(before) {
		t.Error("the second draft changed the first")
	}
	printed, err := leadlab(t, "manifest", "draft", exports)
	if err != nil || !strings.Contains(printed, "- Lost Reason   # named like an outcome field") {
		t.Errorf("draft to stdout: %v\n%s", err, printed)
	}
	if _, err := leadlab(t, "manifest", "draft", filepath.Join(exports, "deals.csv")); err == nil || !strings.Contains(err.Error(), "is not one") {
		t.Errorf("a file for DIR: %v", err)
	}
}
