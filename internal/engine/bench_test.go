package engine

import (
	"context"
	"os/exec"
	"slices"
	"strings"
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

// BenchmarkStopUntilGone times a timeout's stop in two parts, as medians:
// from the deadline until Read reports it (the stop exec is started by
// then), and from there until the daemon's process list (container top) no
// longer shows the command, which obeys SIGTERM.
func BenchmarkStopUntilGone(b *testing.B) {
	web := runningContainer(b)
	cli, err := clientFor(envFromProcess())
	if err != nil {
		b.Fatal(err)
	}
	var reported, took []time.Duration
	for b.Loop() {
		deadline := time.Now().Add(200 * time.Millisecond)
		x := start(b, web, 200*time.Millisecond, "sleep", "330")
		if o := readAll(b, x, 30*time.Second); o.status != TimedOut {
			b.Fatalf("status %v", o.status)
		}
		stopped := time.Now()
		reported = append(reported, stopped.Sub(deadline))
		for {
			top, err := cli.ContainerTop(context.Background(), web, nil)
			if err != nil {
				b.Fatal(err)
			}
			if !slices.ContainsFunc(top.Processes, func(p []string) bool { return strings.Contains(strings.Join(p, " "), "sleep 330") }) {
				break
			}
			if time.Since(stopped) > stopGoneBound {
				b.Fatal("still running")
			}
		}
		took = append(took, time.Since(stopped))
	}
	b.ReportMetric(median(reported), "ms-deadline-to-report")
	b.ReportMetric(median(took), "ms-report-to-gone")
}

func median(d []time.Duration) float64 {
	slices.Sort(d)
	return float64(d[len(d)/2].Microseconds()) / 1000
}
