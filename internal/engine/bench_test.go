package engine

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
)

// go test -run '^$' -bench . -benchtime 100x ./internal/engine
// (build.ps1 bench runs these next to the pwsh measurements.)

// BenchmarkExecTrue is the floor under Invoke-Command's per-call latency:
// the engine alone, no .NET, no PowerShell.
func BenchmarkExecTrue(b *testing.B) {
	web := runningContainer(b)
	readAll(b, start(b, web, 0, "true"), 30*time.Second) // warm: client, connection, API version
	var took []time.Duration
	for b.Loop() {
		began := time.Now()
		if o := readAll(b, start(b, web, 0, "true"), 30*time.Second); o.status != Ended || o.result.ExitCode != 0 {
			b.Fatalf("status %v exit %d", o.status, o.result.ExitCode)
		}
		took = append(took, time.Since(began))
	}
	b.ReportMetric(ms(median(took)), "ms-median")
}

// BenchmarkExecTrueAt is BenchmarkExecTrue against the daemon at
// PSDOCKER_BENCH_HOST, in its container PSDOCKER_BENCH_CONTAINER: the floor
// under the bench page's Podman row. Skipped without them.
func BenchmarkExecTrueAt(b *testing.B) {
	host, container := os.Getenv("PSDOCKER_BENCH_HOST"), os.Getenv("PSDOCKER_BENCH_CONTAINER")
	if host == "" || container == "" {
		b.Skip("PSDOCKER_BENCH_HOST and PSDOCKER_BENCH_CONTAINER name the daemon and container")
	}
	benchExec(b, endpoint.Settings{ConfigDir: dockerConfig(b), Host: host}, container)
}

// BenchmarkStdoutThroughput is the floor under -StringOutput: 75 MiB of
// stdout through the engine, read in 64 KiB pieces as the shim reads it.
func BenchmarkStdoutThroughput(b *testing.B) {
	web := runningContainer(b)
	const size = 75 << 20
	b.SetBytes(size)
	buf := make([]byte, 64<<10)
	for b.Loop() {
		x := start(b, web, 0, "sh", "-c", "head -c 78643200 /dev/zero | tr '\\0' x")
		n := 0
		status := Pending
		for status == Pending || status == Started || status == Data {
			var got int
			status, _, got = x.Read(buf, time.Second)
			n += got
		}
		if status != Ended || n != size {
			b.Fatalf("status %v, %d bytes", status, n)
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
	_, cli, err := connect(envFromProcess(), "")
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
	b.ReportMetric(ms(median(reported)), "ms-deadline-to-report")
	b.ReportMetric(ms(median(took)), "ms-report-to-gone")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
