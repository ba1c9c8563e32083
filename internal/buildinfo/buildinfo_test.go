package buildinfo

import (
	"os"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

func TestDescribe(t *testing.T) {
	vcs := func(rev, when, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: when}, {Key: "vcs.modified", Value: modified}}
	}
	for _, tc := range []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build info", nil, Release + "-dev"},
		{"go run: no commit recorded", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, Release + "-dev"},
		{"go build in a checkout", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("e5c018495ad2885750a2b589fb6f8bae617ebf2c", "2026-12-03T14:58:46Z", "false")},
			Release + "-dev+e5c018495ad2.20261203"},
		{"uncommitted changes", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("abc", "2026-01-02T00:00:00Z", "true")},
			Release + "-dev+abc.20260102.modified"},
		{"go install of a tag", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "1.2.3"},
		{"go install of a commit", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261203145846-e5c018495ad2"}}, "0.0.0-20261203145846-e5c018495ad2"},
	} {
		if got := describe(tc.info).Version; got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	stamped = "2.0.0"
	defer func() { stamped = "" }()
	if got := describe(&debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}).Version; got != "2.0.0" {
		t.Errorf("-ldflags -X: %q", got)
	}
}

// The version a checkout calls itself is the newest release the
// changelog describes.
func TestReleaseIsTheChangelogs(t *testing.T) {
	b, err := os.ReadFile("../../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^## \[?([0-9]+\.[0-9]+\.[0-9]+)`).FindStringSubmatch(string(b))
	if m == nil || m[1] != Release {
		t.Errorf("CHANGELOG.md's newest release is %v, Release is %s", m, Release)
	}
}

func TestString(t *testing.T) {
	s := Info{Version: "1.0.0", Revision: "abc", Time: "2026-01-02T00:00:00Z", Modified: true, Go: "go1.26 linux/amd64"}.String()
	for _, want := range []string{"leadlab 1.0.0\n", "commit  abc (2026-01-02T00:00:00Z), with uncommitted changes\n", "built with go1.26 linux/amd64\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("%q lacks %q", s, want)
		}
	}
}
