package main

import "runtime/debug"

// init names a build without -ldflags "-X main.version=..." by the commit
// it was built from, as go build records it, so an exported model says
// which leadlab wrote it: "dev+5d85931a2b3c" (with "-modified" when the
// tree had uncommitted changes).
func init() {
	if version != "dev" {
		return
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "-modified"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		version = "dev+" + rev + modified
	}
}
