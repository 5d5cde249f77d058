package helpgen

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each folder under testdata/malformed holds markdown platyPS rejects and
// want.txt, the expected "file:line: message" (file relative to the folder).
func TestMalformedMarkdownErrors(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("testdata", "malformed", "*"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no malformed cases: %v", err)
	}
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			outs, err := Generate(dir, Options{})
			if err == nil {
				t.Fatalf("no error; outputs %d", len(outs))
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not a *helpgen.Error", err, err)
			}
			if outs != nil {
				t.Error("outputs returned along with an error")
			}
			rel, _ := filepath.Rel(dir, e.File)
			got := (&Error{File: rel, Line: e.Line, Message: e.Message}).Error()
			if got != strings.TrimSpace(string(want)) {
				t.Errorf("got  %s\nwant %s", got, strings.TrimSpace(string(want)))
			}
		})
	}
}
