package engine

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

// stdout that only looks like the daemon's start error streams like any
// other output: it is not held back, reordered or lost on a stop.
func TestStartErrorLookalikeIsNotHeldBack(t *testing.T) {
	web := runningContainer(t)
	x := start(t, web, 30*time.Second, "sh", "-c",
		"echo 'OCI runtime exec failed: x'; sleep 0.2; echo e >&2; while [ ! -e /tmp/go ]; do sleep 0.05; done; echo done")
	var got []chunk
	buf := make([]byte, 1024)
	for deadline := time.Now().Add(20 * time.Second); len(got) < 2; {
		if time.Now().After(deadline) {
			t.Fatalf("only %v arrived while the command runs", got)
		}
		s, stream, n := x.Read(buf, 10*time.Second)
		switch s {
		case Data:
			got = append(got, chunk{stream, append([]byte(nil), buf[:n]...)})
		case Pending, Started:
		default:
			t.Fatalf("status %v before the first two lines; got %v", s, got)
		}
	}
	want := []chunk{{Stdout, []byte("OCI runtime exec failed: x\n")}, {Stderr, []byte("e\n")}}
	if fmtChunks(got) != fmtChunks(want) {
		t.Fatalf("got %v, want %v while the command still runs", got, want)
	}
	docker(t, "exec", web, "touch", "/tmp/go")
	if o := readAll(t, x, 30*time.Second); o.status != Ended || o.stdout.String() != "done\n" {
		t.Fatalf("status %v stdout %q", o.status, o.stdout.String())
	}
}

func TestStartErrorLookalikeSurvivesATimeout(t *testing.T) {
	web := runningContainer(t)
	o := readAll(t, start(t, web, time.Second, "sh", "-c", "printf OCI; sleep 310"), 30*time.Second)
	if o.status != TimedOut || o.stdout.String() != "OCI" {
		t.Fatalf("status %v stdout %q, want TimedOut after OCI", o.status, o.stdout.String())
	}
}

func fmtChunks(c []chunk) string {
	var b strings.Builder
	for _, x := range c {
		b.WriteString(x.String())
	}
	return b.String()
}

// Issue 15: stderr that begins like Podman's start error, read slowly enough
// that the exec has ended by then, was held (up to 64 KiB) while later
// stderr passed it: stderr came out of order. Against Docker nothing is
// held; and where something is (Podman), it comes out first.
func TestStderrThatLooksLikePodmansStartErrorKeepsItsOrder(t *testing.T) {
	web := runningContainer(t)
	docker(t, "exec", web, "sh", "-c", "{ echo 'Error: first'; i=0; while [ $i -lt 20000 ]; do echo \"line $i\"; i=$((i+1)); done; } >/tmp/err")
	want := docker(t, "exec", web, "cat", "/tmp/err") + "\n"
	x := start(t, web, 0, "sh", "-c", "i=0; while [ $i -lt 40 ]; do echo $i; i=$((i+1)); done; cat /tmp/err >&2")
	// Read slowly until the stdout lines are through, so the exec has ended
	// when the first stderr chunk is looked at.
	time.Sleep(2 * time.Second)
	o := readAll(t, x, 60*time.Second)
	if o.status != Ended {
		t.Fatalf("status %v: %v", o.status, o.result.Err)
	}
	if got := o.stderr.String(); got != want {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("stderr differs from byte %d of %d: got %q..., want %q...", i, len(want), got[i:min(len(got), i+40)], want[i:min(len(want), i+40)])
	}
}

// Issue 15: an exec the runtime could not start because the container is at
// its pids limit was labelled CommandNotExecutable: the command is fine.
func TestAnExecRefusedByThePidsLimitIsNotTheCommandsFault(t *testing.T) {
	name := uniqueName(t)
	docker(t, "run", "-d", "--network", "none", "--pids-limit", "4", "--name", name, testImage, "sleep", "86400")
	t.Cleanup(func() { docker(t, "rm", "-f", name) })
	// Fill the container up to its limit; the last tries fail as ours will.
	for range 6 {
		exec.Command("docker", "exec", "-d", name, "sleep", "1000").Run()
	}
	time.Sleep(500 * time.Millisecond)
	o := readAll(t, start(t, name, 0, "true"), 30*time.Second)
	assertFailure(t, o, ProcessStartFailed, "true")
	if msg := o.result.Err.Error(); !strings.Contains(msg, "pids-limit") || !strings.Contains(msg, "read init-p") {
		t.Errorf("the message should give the runtime's words and the likely cause: %q", msg)
	}
}
