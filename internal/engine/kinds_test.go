package engine

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// Every Kind becomes a FullyQualifiedErrorId; the shim gives each one an
// ErrorCategory. A Kind missing there would fall back to NotSpecified.
func TestEveryKindHasACategoryInTheShim(t *testing.T) {
	src, err := os.ReadFile("errors.go")
	if err != nil {
		t.Fatal(err)
	}
	shim, err := os.ReadFile("../../shim/CommandErrors.cs")
	if err != nil {
		t.Fatal(err)
	}
	kinds := regexp.MustCompile(`(?m)^\s+\w+\s+Kind = "(\w+)"`).FindAllSubmatch(src, -1)
	if len(kinds) < 10 {
		t.Fatalf("found only %d kinds in errors.go", len(kinds))
	}
	for _, k := range kinds {
		if !strings.Contains(string(shim), `["`+string(k[1])+`"] = ErrorCategory.`) {
			t.Errorf("shim/CommandErrors.cs has no category for %s", k[1])
		}
	}
}
