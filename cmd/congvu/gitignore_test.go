package main

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestDemoFilesIgnored checks that what `congvu demo` creates in a
// newcomer's checkout (the SQLite database and its attachments folder, or
// with PostgreSQL the ./congvu-files folder) is ignored by git, so a run
// of the demo leaves no untracked files.
func TestDemoFilesIgnored(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not installed")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if err := exec.Command(git, "-C", root, "rev-parse", "--git-dir").Run(); err != nil {
		t.Skip("not a git checkout")
	}
	paths := []string{defaultDemoDB, defaultDemoDB + "-wal", defaultDemoDB + "-shm",
		filesDir(&common{db: defaultDemoDB}) + "/x.jpg",
		filesDir(&common{db: "postgres://congvu@db/congvu"}) + "/x.jpg"}
	for _, p := range paths {
		if err := exec.Command(git, "-C", root, "check-ignore", "-q", "--no-index", p).Run(); err != nil {
			t.Errorf("%s is not ignored by .gitignore (git check-ignore: %v)", p, err)
		}
	}
}
