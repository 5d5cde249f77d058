package engine

import (
	"os/exec"
	"testing"
	"time"
)

// go test -run '^$' -bench . -benchtime 100x ./internal/engine
// (build.ps1 bench runs these next to the pwsh measurements.)

func BenchmarkExecTrue(b *testing.B) {
	web := runningContainer(b)
	readAll(b, start(b, web, 0, "true"), 30*time.Second) // warm: client, connection, API version
	b.ResetTimer()
	for b.Loop() {
		if o := readAll(b, start(b, web, 0, "true"), 30*time.Second); o.status != Ended || o.result.ExitCode != 0 {
			b.Fatalf("status %v exit %d", o.status, o.result.ExitCode)
		}
	}
}

func BenchmarkDockerCLIExecTrue(b *testing.B) {
	web := runningContainer(b)
	b.ResetTimer()
	for b.Loop() {
		if err := exec.Command("docker", "exec", web, "true").Run(); err != nil {
			b.Fatal(err)
		}
	}
}
