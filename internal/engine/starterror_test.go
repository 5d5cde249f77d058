package engine

import (
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
