package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMalformedInputExitsOneAndWritesNothing(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("..", "..", "internal", "helpgen", "testdata", "malformed", "*"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no malformed cases: %v", err)
	}
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "out")
			var stderr bytes.Buffer
			if rc := run([]string{"-o", out, dir}, &stderr); rc != 1 {
				t.Errorf("exit code %d, want 1", rc)
			}
			// The message is "<path>:<line>: <text>"; want.txt names the file
			// relative to its folder.
			wantLine := filepath.Join(dir, strings.TrimSpace(string(want)))
			if got := strings.TrimSpace(stderr.String()); got != wantLine {
				t.Errorf("stderr\n got: %s\nwant: %s", got, wantLine)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				entries, _ := os.ReadDir(out)
				if len(entries) > 0 {
					t.Errorf("output written despite the error: %v", entries)
				}
			}
		})
	}
}

func TestConvertsFixtureFolder(t *testing.T) {
	fixtures := os.Getenv("PSDOCKER_HELP_FIXTURES")
	if fixtures == "" {
		fixtures = filepath.Join("..", "..", "..", "shared", "help-fixtures")
	}
	src := filepath.Join(fixtures, "psclock", "docs")
	if _, err := os.Stat(src); err != nil {
		t.Fatalf("fixtures missing: %v", err)
	}
	out := t.TempDir()
	var stderr bytes.Buffer
	if rc := run([]string{"-o", out, src}, &stderr); rc != 0 {
		t.Fatalf("exit code %d: %s", rc, stderr.String())
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "PSClock-help.xml,about_psclock.help.txt" {
		t.Errorf("wrote %v (temporary files left behind?)", names)
	}
	got, _ := os.ReadFile(filepath.Join(out, "PSClock-help.xml"))
	want, _ := os.ReadFile(filepath.Join(fixtures, "psclock", "en-US", "PSClock-help.xml"))
	strip := func(b []byte) []byte {
		return bytes.ReplaceAll(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")), []byte("\r"), nil)
	}
	if !bytes.Equal(strip(got), strip(want)) {
		t.Error("written MAML differs from the fixture")
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"docs"},
		{"-o", "out"},
		{"-o", "out", "a", "b"},
		{"-o", "out", "-about-width", "40", "docs"},
		{"-bogus"},
	} {
		var stderr bytes.Buffer
		if rc := run(args, &stderr); rc != 2 {
			t.Errorf("run(%q) = %d, want 2", args, rc)
		}
	}
}

func TestMissingInputFolderExitsOne(t *testing.T) {
	var stderr bytes.Buffer
	if rc := run([]string{"-o", t.TempDir(), filepath.Join(t.TempDir(), "nope")}, &stderr); rc != 1 {
		t.Errorf("exit code %d, want 1", rc)
	}
}
