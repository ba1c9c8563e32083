// Package buildinfo names the build of leadlab that is running, so that a
// config it exports says which leadlab wrote it and a bug report can say
// which one failed.
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Release is the release line this source belongs to: the newest heading
// of CHANGELOG.md (a test keeps the two equal).
const Release = "0.9.0"

// stamped overrides everything else when a packager sets it:
// go build -ldflags "-X github.com/leadlab/leadlab/internal/buildinfo.stamped=1.2.3".
var stamped string

// Info is what the running binary knows of its build.
type Info struct {
	Version  string // what exported configs record as tool_version
	Revision string // the VCS commit, when go build recorded it
	Time     string // the commit's time (RFC 3339), when recorded
	Modified bool   // the tree had uncommitted changes
	Go       string // the Go toolchain and platform
}

// Read reads the build information Go recorded in the binary.
func Read() Info {
	info, _ := debug.ReadBuildInfo()
	return describe(info)
}

// Version is Read().Version.
func Version() string { return Read().Version }

// describe names a build:
//   - a version set with -ldflags -X, as it is;
//   - a module version, as `go install …@v1.2.3` (or @commit, a
//     pseudo-version with its date and commit) records it;
//   - built from a checkout: the release line marked as a development
//     build, with the commit and its date when go build recorded them
//     ("0.9.0-dev+e5c018495ad2.20261203", ".modified" for uncommitted
//     changes). `go run` and `-buildvcs=false` record no commit, so
//     those builds are "0.9.0-dev".
func describe(info *debug.BuildInfo) Info {
	out := Info{Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	if info != nil {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				out.Revision = s.Value
			case "vcs.time":
				out.Time = s.Value
			case "vcs.modified":
				out.Modified = s.Value == "true"
			}
		}
	}
	switch {
	case stamped != "":
		out.Version = stamped
	case info != nil && info.Main.Version != "" && info.Main.Version != "(devel)":
		out.Version = strings.TrimPrefix(info.Main.Version, "v")
	default:
		out.Version = Release + "-dev"
		if out.Revision != "" {
			meta := short(out.Revision)
			if d := strings.ReplaceAll(out.Time, "-", ""); len(d) >= 8 {
				meta += "." + d[:8]
			}
			if out.Modified {
				meta += ".modified"
			}
			out.Version += "+" + meta
		}
	}
	return out
}

// String is the text of `leadlab version`.
func (i Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "leadlab %s\n", i.Version)
	if i.Revision != "" {
		fmt.Fprintf(&b, "commit  %s", i.Revision)
		if i.Time != "" {
			fmt.Fprintf(&b, " (%s)", i.Time)
		}
		if i.Modified {
			b.WriteString(", with uncommitted changes")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "built with %s\n", i.Go)
	return b.String()
}

func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}
