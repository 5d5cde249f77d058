package engine

import (
	"strings"
	"testing"
	"time"
)

// What a stop leaves in the container is checked from outside, with ps in a
// separate docker exec, as a user would.

// alive counts the live (not zombie) processes in container whose command
// line contains needle.
func alive(t testing.TB, container, needle string, ps ...string) int {
	t.Helper()
	if len(ps) == 0 {
		ps = []string{"ps"}
	}
	out := docker(t, append(append([]string{"exec", container}, ps...), "-o", "stat,args")...)
	n := 0
	for _, line := range strings.Split(out, "\n")[1:] {
		if stat, args, _ := strings.Cut(strings.TrimSpace(line), " "); !strings.HasPrefix(stat, "Z") && strings.Contains(args, needle) {
			n++
		}
	}
	return n
}

// stopGoneBound is the promise: nothing is left grace + 1 s after a stop.
const stopGoneBound = StopGrace + time.Second

// waitGone waits until nothing in container matches needle, and fails the
// test if that takes longer than stopGoneBound after since.
func waitGone(t testing.TB, container, needle string, since time.Time, ps ...string) {
	t.Helper()
	if len(ps) == 0 {
		ps = []string{"ps"}
	}
	for alive(t, container, needle, ps...) > 0 {
		if time.Since(since) > stopGoneBound {
			t.Fatalf("%q still runs in %s %v after the stop:\n%s", needle, container, time.Since(since),
				docker(t, append(append([]string{"exec", container}, ps...), "-o", "pid,ppid,stat,args")...))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func assertStop(t testing.TB, x *Exec, want StopState) {
	t.Helper()
	if s, stopped := x.StopReport(); !stopped || s.State != want {
		t.Fatalf("stop %+v (stopped %v), want state %s", s, stopped, want)
	}
}

func TestTimeoutEndsTheProcessAndItsChildren(t *testing.T) {
	web := runningContainer(t)
	x := start(t, web, time.Second, "sh", "-c", "sleep 301 & sleep 302; wait")
	o := readAll(t, x, 30*time.Second)
	stopped := time.Now()
	if o.status != TimedOut {
		t.Fatalf("status %v, want TimedOut", o.status)
	}
	assertStop(t, x, StopEnded)
	waitGone(t, web, "sleep 30", stopped)
	if n := alive(t, web, "sh -c sleep"); n != 0 {
		t.Errorf("%d shells left", n)
	}
}

func TestAProcessThatIgnoresTERMIsKilledAfterTheGrace(t *testing.T) {
	web := runningContainer(t)
	began := time.Now()
	x := start(t, web, 500*time.Millisecond, "sh", "-c", "trap '' TERM; sleep 303 & while true; do sleep 1; done")
	o := readAll(t, x, 30*time.Second)
	// A stop is reported once it is checked: after the grace, and the kill.
	if took := o.at.Sub(began); took < 500*time.Millisecond+StopGrace {
		t.Fatalf("the stop was reported %v after the start: the TERM-ignoring shell must get the %v grace first", took, StopGrace)
	}
	assertStop(t, x, StopEnded)
	if n := alive(t, web, "trap '' TERM") + alive(t, web, "sleep 303"); n != 0 {
		t.Fatalf("%d processes left after a stop reported as ended", n)
	}
}

// Close is what an early end of the pipeline does (Select-Object -First 1):
// the reader goes away mid-stream, and Close returns once the stop is sent.
func TestCloseMidStreamEndsTheProcess(t *testing.T) {
	web := runningContainer(t)
	x := start(t, web, 0, "sh", "-c", "echo first; sleep 305")
	buf := make([]byte, 64)
	for s, _, n := x.Read(buf, 10*time.Second); s != Data || string(buf[:n]) != "first\n"; s, _, n = x.Read(buf, 10*time.Second) {
		if s != Pending && s != Started {
			t.Fatalf("status %v before the first line", s)
		}
	}
	x.Close()
	waitGone(t, web, "sleep 305", time.Now())
}

func TestStoppingOneOfTwoIdenticalCommandsLeavesTheOther(t *testing.T) {
	web := runningContainer(t)
	other := start(t, web, 0, "sleep", "306")
	for s, _, _ := other.Read(nil, 10*time.Second); s != Started; s, _, _ = other.Read(nil, 10*time.Second) {
	}
	readAll(t, start(t, web, 500*time.Millisecond, "sleep", "306"), 30*time.Second)
	time.Sleep(stopGoneBound)
	if n := alive(t, web, "sleep 306"); n != 1 {
		t.Fatalf("%d copies of sleep 306 run, want the other one", n)
	}
}

func TestStopInANonRootContainer(t *testing.T) {
	name := uniqueName(t)
	docker(t, "run", "-d", "--network", "none", "--user", "1000:1000", "--name", name, testImage, "sleep", "86400")
	t.Cleanup(func() { docker(t, "rm", "-f", name) })
	x := start(t, name, 500*time.Millisecond, "sh", "-c", "sleep 307 & sleep 308")
	readAll(t, x, 30*time.Second)
	assertStop(t, x, StopEnded)
	waitGone(t, name, "sleep 30", time.Now())
}

// Without /bin/sh the command runs as always; only the stop cannot end it,
// and says so.
func TestNoShellImage(t *testing.T) {
	name := uniqueName(t)
	docker(t, "run", "-d", "--network", "none", "--name", name, "psdocker-test:noshell")
	t.Cleanup(func() { docker(t, "rm", "-f", name) })
	if o := readAll(t, start(t, name, 0, "/busybox", "echo", "hi"), 30*time.Second); o.status != Ended || o.stdout.String() != "hi\n" {
		t.Fatalf("status %v stdout %q", o.status, o.stdout.String())
	}
	x := start(t, name, 500*time.Millisecond, "/busybox", "sleep", "309")
	if o := readAll(t, x, 30*time.Second); o.status != TimedOut {
		t.Fatalf("status %v, want TimedOut", o.status)
	}
	assertStop(t, x, StopFailed)
	if s, _ := x.StopReport(); !strings.Contains(s.Detail, "/bin/sh") {
		t.Errorf("detail %q does not name /bin/sh", s.Detail)
	}
	if alive(t, name, "sleep 309", "/busybox", "ps") != 1 {
		t.Error("the process should still run: nothing could end it")
	}
}

func TestTheMarkerIsInTheCommandsEnvironmentOnly(t *testing.T) {
	web := runningContainer(t)
	x := start(t, web, 0, "sh", "-c", "echo $"+markerName)
	o := readAll(t, x, 30*time.Second)
	if got := markerName + "=" + strings.TrimSpace(o.stdout.String()); got != x.Marker {
		t.Errorf("the command sees %q, want %q", got, x.Marker)
	}
	if _, stopped := x.StopReport(); stopped {
		t.Error("a command that ended by itself reports a stop")
	}
}
