package engine

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The Exec state machine (exec.go, run.go) against the fake daemon.

// out1/err1/out2 with exit code 3: the recorded command was
// sh -c "echo out1; sleep 0.2; echo err1 >&2; sleep 0.2; echo out2; sleep 1; exit 3".
func orderScript(daemon string) execScript {
	return execScript{
		output:  []frame{{Stdout, "out1\n"}, {Stderr, "err1\n"}, {Stdout, "out2\n"}},
		running: daemon + "-exec-inspect-running.json",
		ended:   daemon + "-exec-inspect-exit3.json",
	}
}

func TestOfflineStartedThenOutputInOrderThenEndedWithTheExitCode(t *testing.T) {
	for _, daemon := range []string{"docker", "podman"} {
		t.Run(daemon, func(t *testing.T) {
			d := newFakeDaemon(t, fakeConfig{daemon: daemon, exec: orderScript(daemon)})
			argv := []string{"sh", "-c", "echo out1; echo err1 >&2; echo out2; exit 3"}
			x := d.start(t, "psd-rec-run", 0, argv...)
			want := []string{"Started", "1:out1\n", "2:err1\n", "1:out2\n", "Ended"}
			if got := trace(t, x, 64<<10); !slices.Equal(got, want) {
				t.Fatalf("Read gave %q, want %q", got, want)
			}
			if r := x.Result(); !r.ExitKnown || r.ExitCode != 3 || r.Err != nil {
				t.Errorf("result %+v, want exit code 3 from exec inspect", r)
			}
			// The ID is exec create's.
			var created struct{ Id string }
			json.Unmarshal([]byte(recorded(t, daemon+"-exec-create.201.json")), &created)
			if x.ID() != created.Id {
				t.Errorf("ID %q, want %q", x.ID(), created.Id)
			}
			// The daemon was asked for argv as given, with the marker that
			// finds the processes on a stop, and both streams.
			d.mu.Lock()
			req := d.created
			d.mu.Unlock()
			if !slices.Equal(req.Cmd, argv) || !slices.Equal(req.Env, []string{x.Marker}) || !req.AttachStdout || !req.AttachStderr {
				t.Errorf("exec create got %+v, want Cmd %q, Env [%s] and both streams", req, argv, x.Marker)
			}
			assertRepeats(t, x, Ended)
			if _, ok := x.StopReport(); ok {
				t.Error("a command that ended by itself has a stop report")
			}
		})
	}
}

// A chunk larger than the caller's buffer comes out in pieces, in order,
// before anything that arrived after it.
func TestOfflineReadHandsOutAChunkInPiecesOfTheBuffer(t *testing.T) {
	d := newFakeDaemon(t, fakeConfig{daemon: "docker", exec: execScript{
		output:  []frame{{Stdout, "hello world\n"}, {Stderr, "e\n"}},
		running: "docker-exec-inspect-running.json",
		ended:   "docker-exec-inspect-exit3.json",
	}})
	got := trace(t, d.start(t, "psd-rec-run", 0, "sh"), 5)
	want := []string{"Started", "1:hello", "1: worl", "1:d\n", "2:e\n", "Ended"}
	if !slices.Equal(got, want) {
		t.Fatalf("Read gave %q, want %q", got, want)
	}
}

// A command that cannot be created fails without Started, and the failure
// repeats.
func TestOfflineFailedBeforeStartedIsTheOutcome(t *testing.T) {
	d := newFakeDaemon(t, fakeConfig{daemon: "docker", refusal: "docker-exec-create-missing.404.json"})
	x := d.start(t, "psd-rec-missing", 0, "true")
	if got := trace(t, x, 1024); !slices.Equal(got, []string{"Failed"}) {
		t.Fatalf("Read gave %q, want only Failed", got)
	}
	if KindOf(x.Result().Err) != ContainerNotFound || x.ID() != "" {
		t.Errorf("error %v, ID %q: want ContainerNotFound and no exec", x.Result().Err, x.ID())
	}
	assertRepeats(t, x, Failed)
}

// running until the client hangs up, after one line of output.
var sleeper = execScript{output: []frame{{Stdout, "before\n"}}, untilHangUp: true}

func TestOfflineTimedOut(t *testing.T) {
	d := newFakeDaemon(t, fakeConfig{daemon: "docker", exec: sleeper})
	began := time.Now()
	x := d.start(t, "psd-rec-run", 300*time.Millisecond, "sh", "-c", "echo before; sleep 30")
	want := []string{"Started", "1:before\n", "TimedOut"}
	if got := trace(t, x, 1024); !slices.Equal(got, want) {
		t.Fatalf("Read gave %q, want %q", got, want)
	}
	if took := time.Since(began); took < 300*time.Millisecond || took > 3*time.Second {
		t.Errorf("TimedOut after %v, want soon after 300ms", took)
	}
	if r := x.Result(); r.ExitKnown || r.Err != nil {
		t.Errorf("result %+v, want no exit code and no error", r)
	}
	assertStopReport(t, x)
	assertRepeats(t, x, TimedOut)
}

func TestOfflineStopped(t *testing.T) {
	d := newFakeDaemon(t, fakeConfig{daemon: "docker", exec: sleeper})
	x := d.start(t, "psd-rec-run", 0, "sh", "-c", "echo before; sleep 30")
	buf := make([]byte, 1024)
	var got []string
	for len(got) < 2 {
		switch s, _, n := x.Read(buf, 5*time.Second); s {
		case Started:
			got = append(got, "Started")
		case Data:
			got = append(got, string(buf[:n]))
		default:
			t.Fatalf("Read %s after %q, want Started, then before", statusNames[s], got)
		}
	}
	// The command runs on, silent: nothing to read.
	if s, _, _ := x.Read(buf, 50*time.Millisecond); s != Pending {
		t.Fatalf("Read %s while the command runs, want Pending", statusNames[s])
	}
	x.Stop()
	if got := trace(t, x, 1024); !slices.Equal(got, []string{"Stopped"}) {
		t.Fatalf("after Stop, Read gave %q, want Stopped", got)
	}
	assertStopReport(t, x)
	assertRepeats(t, x, Stopped)
}

// assertStopReport: the stop asked the daemon about the exec; the fake
// said it is gone with its container (see fakeDaemon.execInspect).
func assertStopReport(t *testing.T, x *Exec) {
	t.Helper()
	r, ok := x.StopReport()
	if !ok || r.State != StopNotNeeded || !strings.Contains(r.Detail, "container is gone") || r.GraceSeconds != StopGraceSeconds {
		t.Errorf("stop report %+v (%v), want notNeeded: its container is gone", r, ok)
	}
}

// assertRepeats: once the outcome was read, every Read returns it again,
// and the result stays.
func assertRepeats(t *testing.T, x *Exec, want Status) {
	t.Helper()
	result := fmt.Sprint(x.Result())
	for range 3 {
		if s, stream, n := x.Read(make([]byte, 8), 100*time.Millisecond); s != want || stream != 0 || n != 0 {
			t.Fatalf("Read after the outcome gave %s %d %d, want %s again", statusNames[s], stream, n, statusNames[want])
		}
	}
	if again := fmt.Sprint(x.Result()); again != result {
		t.Errorf("result changed from %s to %s", result, again)
	}
}
