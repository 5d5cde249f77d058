package main

import (
	"os/exec"
	"strings"
	"testing"
)

// os/signal would make the Go runtime take over signal handling inside pwsh
// (signal.Notify installs handlers for the whole process). Nothing in the
// library may import it, directly or through a dependency.
func TestNoOsSignalInTheLibrary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if pkg == "os/signal" {
			t.Fatal("libpsdocker depends on os/signal")
		}
	}
}
