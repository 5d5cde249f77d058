package engine

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
)

func TestOutputAndExitCodeZero(t *testing.T) {
	web := runningContainer(t)
	o := readAll(t, start(t, web, 0, "echo", "hello", "world"), 30*time.Second)
	if o.status != Ended || !o.started {
		t.Fatalf("status %v started %v, want Ended after Started (err %v)", o.status, o.started, o.result.Err)
	}
	if got := o.stdout.String(); got != "hello world\n" {
		t.Errorf("stdout %q", got)
	}
	if !o.result.ExitKnown || o.result.ExitCode != 0 {
		t.Errorf("exit %d known %v, want 0", o.result.ExitCode, o.result.ExitKnown)
	}
}

func TestArgvIsPassedVerbatim(t *testing.T) {
	web := runningContainer(t)
	args := []string{"a b", `"quoted"`, "$HOME", "x;y", "", "ünïcödé ✓", "'single'"}
	o := readAll(t, start(t, web, 0, append([]string{"printf", `[%s]\n`}, args...)...), 30*time.Second)
	var want strings.Builder
	for _, a := range args {
		want.WriteString("[" + a + "]\n")
	}
	if o.stdout.String() != want.String() {
		t.Errorf("stdout %q, want %q", o.stdout.String(), want.String())
	}
}

func TestStderrIsSeparateAndOrdered(t *testing.T) {
	web := runningContainer(t)
	script := "echo out1; sleep 0.2; echo err1 >&2; sleep 0.2; echo out2; sleep 0.2; echo err2 >&2; exit 3"
	o := readAll(t, start(t, web, 0, "sh", "-c", script), 30*time.Second)
	want := []chunk{{Stdout, []byte("out1\n")}, {Stderr, []byte("err1\n")}, {Stdout, []byte("out2\n")}, {Stderr, []byte("err2\n")}}
	if fmt.Sprint(o.chunks) != fmt.Sprint(want) {
		t.Fatalf("chunks %v, want %v", o.chunks, want)
	}
	if o.status != Ended || !o.result.ExitKnown || o.result.ExitCode != 3 {
		t.Errorf("status %v exit %d known %v, want Ended with 3", o.status, o.result.ExitCode, o.result.ExitKnown)
	}
}

func TestMissingContainer(t *testing.T) {
	o := readAll(t, start(t, uniqueName(t), 0, "true"), 30*time.Second)
	assertFailure(t, o, ContainerNotFound, "no such container")
}

func TestStoppedContainer(t *testing.T) {
	name := uniqueName(t)
	docker(t, "create", "--name", name, testImage, "sleep", "86400")
	t.Cleanup(func() { docker(t, "rm", "-f", name) })
	o := readAll(t, start(t, name, 0, "true"), 30*time.Second)
	assertFailure(t, o, ContainerNotRunning, "is not running")
}

func TestPausedContainer(t *testing.T) {
	web := runningContainer(t)
	docker(t, "pause", web)
	t.Cleanup(func() { docker(t, "unpause", web) })
	o := readAll(t, start(t, web, 0, "true"), 30*time.Second)
	assertFailure(t, o, ContainerPaused, "is paused")
}

func TestCommandNotFoundIsAnErrorNotOutput(t *testing.T) {
	web := runningContainer(t)
	o := readAll(t, start(t, web, 0, "no-such-command", "x"), 30*time.Second)
	assertFailure(t, o, CommandNotFound, "no-such-command")
	if o.stdout.Len() != 0 {
		t.Errorf("the daemon's start error leaked into stdout: %q", o.stdout.String())
	}
	// 127 from Docker 23 on; 126 before (Debian 12's docker.io is 20.10).
	if !o.result.ExitKnown || (o.result.ExitCode != 127 && o.result.ExitCode != 126) {
		t.Errorf("exit %d known %v, want 127 or 126", o.result.ExitCode, o.result.ExitKnown)
	}
}

func TestCommandNotExecutable(t *testing.T) {
	web := runningContainer(t)
	o := readAll(t, start(t, web, 0, "/etc/passwd"), 30*time.Second)
	assertFailure(t, o, CommandNotExecutable, "/etc/passwd")
	if o.result.ExitCode != 126 {
		t.Errorf("exit %d, want 126", o.result.ExitCode)
	}
}

func TestExit127FromTheProgramItselfIsOutput(t *testing.T) {
	web := runningContainer(t)
	o := readAll(t, start(t, web, 0, "sh", "-c", "echo 'OCI runtime exec failed: lookalike'; exit 127"), 30*time.Second)
	if o.status != Ended || o.result.ExitCode != 127 {
		t.Fatalf("status %v exit %d err %v, want Ended with 127", o.status, o.result.ExitCode, o.result.Err)
	}
	if o.stdout.String() != "OCI runtime exec failed: lookalike\n" {
		t.Errorf("stdout %q", o.stdout.String())
	}
}

func TestTimeout(t *testing.T) {
	web := runningContainer(t)
	began := time.Now()
	o := readAll(t, start(t, web, 500*time.Millisecond, "sh", "-c", "echo before; sleep 30"), 30*time.Second)
	if o.status != TimedOut {
		t.Fatalf("status %v, want TimedOut", o.status)
	}
	if o.stdout.String() != "before\n" {
		t.Errorf("stdout %q: output before the timeout must arrive", o.stdout.String())
	}
	if d := time.Since(began); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestStopFromAnotherGoroutine(t *testing.T) {
	web := runningContainer(t)
	x := start(t, web, 0, "sleep", "30")
	time.AfterFunc(300*time.Millisecond, x.Stop)
	if o := readAll(t, x, 10*time.Second); o.status != Stopped {
		t.Fatalf("status %v, want Stopped", o.status)
	}
	// A terminal status repeats.
	if s, _, _ := x.Read(make([]byte, 8), 0); s != Stopped {
		t.Errorf("second Read %v, want Stopped", s)
	}
	// And the process was ended (stop.go).
	assertStop(t, x, StopEnded)
	waitGone(t, web, "sleep 30", time.Now())
}

func TestUTF8SplitAcrossFramesArrivesWhole(t *testing.T) {
	web := runningContainer(t)
	// é is C3 A9: the two bytes leave in separate writes, so separate frames.
	o := readAll(t, start(t, web, 0, "sh", "-c", `printf '\303'; sleep 0.2; printf '\251\n'`), 30*time.Second)
	if len(o.chunks) != 1 || o.stdout.String() != "é\n" {
		t.Errorf("stdout %q in %d chunks", o.stdout.String(), len(o.chunks))
	}
}

func TestLineLongerThan64KiB(t *testing.T) {
	web := runningContainer(t)
	o := readAll(t, start(t, web, 0, "sh", "-c", "head -c 200000 /dev/zero | tr '\\0' a; echo"), 30*time.Second)
	want := strings.Repeat("a", 200000) + "\n"
	if o.stdout.String() != want {
		t.Errorf("got %d bytes, want %d", o.stdout.Len(), len(want))
	}
}

func TestFiftyMegabytes(t *testing.T) {
	web := runningContainer(t)
	const size = 50 << 20
	o := readAll(t, start(t, web, 0, "head", "-c", "52428800", "/dev/urandom"), 120*time.Second)
	if o.status != Ended || o.stdout.Len() != size {
		t.Fatalf("status %v, %d bytes, want Ended with %d", o.status, o.stdout.Len(), size)
	}
}

func TestUnreachableDaemon(t *testing.T) {
	x, err := Start(CommandRequest{Container: "web", Argv: []string{"true"}, Settings: endpoint.Settings{Host: "unix:///nonexistent/docker.sock", Context: "elsewhere"}})
	if err != nil {
		t.Fatal(err)
	}
	o := readAll(t, x, 30*time.Second)
	assertFailure(t, o, DaemonUnreachable, "unix:///nonexistent/docker.sock")
	for _, want := range []string{"DOCKER_HOST", "DOCKER_CONTEXT=elsewhere"} {
		if !strings.Contains(o.result.Err.Error(), want) {
			t.Errorf("message %q does not name %s", o.result.Err, want)
		}
	}
}

func TestInvalidRequests(t *testing.T) {
	for _, r := range []CommandRequest{
		{Argv: []string{"true"}},
		{Container: "web"},
		{Container: "web", Argv: []string{""}},
		{Container: "web", Argv: []string{"true"}, TimeoutMs: -1000},
	} {
		if _, err := Start(r); KindOf(err) != InvalidRequest {
			t.Errorf("Start(%+v) = %v, want InvalidRequest", r, err)
		}
	}
}

func assertFailure(t *testing.T, o *outcome, kind ErrorKind, text string) {
	t.Helper()
	if o.status != Failed {
		t.Fatalf("status %v (stdout %q), want Failed with %s", o.status, o.stdout.String(), kind)
	}
	var e *Error
	if !errors.As(o.result.Err, &e) || e.Kind != kind {
		t.Fatalf("error %v (kind %q), want %s", o.result.Err, KindOf(o.result.Err), kind)
	}
	if !strings.Contains(e.Error(), text) {
		t.Errorf("message %q does not contain %q", e.Error(), text)
	}
}

func TestOutputThatLooksLikeAStartErrorStillStreams(t *testing.T) {
	web := runningContainer(t)
	// Past maxStartErrorLen the filter must stop holding, so "done" arrives
	// while the command still waits for the file the test creates.
	script := "echo 'OCI runtime exec failed: not really'; head -c 5000 /dev/zero | tr '\\0' x; echo; echo done; " +
		"while [ ! -e /tmp/go ]; do sleep 0.05; done"
	x := start(t, web, 30*time.Second, "sh", "-c", script)
	var out []byte
	buf := make([]byte, 64*1024)
	for !strings.Contains(string(out), "done\n") {
		s, _, n := x.Read(buf, time.Second)
		if s != Data && s != Pending && s != Started {
			t.Fatalf("status %v before the output arrived; got %q", s, out)
		}
		out = append(out, buf[:n]...)
	}
	docker(t, "exec", web, "touch", "/tmp/go")
	if o := readAll(t, x, 30*time.Second); o.status != Ended || o.result.ExitCode != 0 {
		t.Fatalf("status %v exit %d", o.status, o.result.ExitCode)
	}
}
