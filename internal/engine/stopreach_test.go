package engine

import (
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// The cases issue 15 found escaping a stop, or reported as ended when they
// were not. Each ends with nothing left, checked from outside with ps.

// stopsCleanly runs argv with a 1 s timeout and wants it reported ended,
// with nothing matching needle left at the report.
func stopsCleanly(t *testing.T, container, needle string, argv ...string) {
	t.Helper()
	x := start(t, container, time.Second, argv...)
	if o := readAll(t, x, 60*time.Second); o.status != TimedOut {
		t.Fatalf("status %v, want TimedOut", o.status)
	}
	assertStop(t, x, StopEnded)
	if n := alive(t, container, needle); n != 0 {
		t.Fatalf("%d processes matching %q left after a stop reported as ended", n, needle)
	}
}

// The exec's first process cleared its environment, so no process carries
// the marker: its autogroup, from exec inspect and docker top, finds it.
func TestAFirstProcessThatClearedItsEnvironmentIsEnded(t *testing.T) {
	web := runningContainer(t)
	stopsCleanly(t, web, "sleep 311", "env", "-i", "sh", "-c", "sleep 311; echo")
	stopsCleanly(t, web, "sleep 312", "sh", "-c", "env -i sleep 312")
}

// su drops to another uid: its processes' environments are unreadable to
// root without CAP_SYS_PTRACE, and the autogroup still finds them.
func TestAProcessThatChangedItsUIDIsEnded(t *testing.T) {
	web := runningContainer(t)
	stopsCleanly(t, web, "sleep 313", "su", "app", "-c", "sleep 313")
	stopsCleanly(t, web, "sleep 314", "su", "-s", "/bin/sh", "nobody", "-c", "sleep 314 & sleep 315; wait")
}

// The stop needs no grep (stop.sh uses shell builtins, kill and sleep).
func TestAStopInAContainerWithoutGrep(t *testing.T) {
	web := runningContainer(t)
	docker(t, "exec", web, "rm", "/bin/grep")
	stopsCleanly(t, web, "sleep 316", "sh", "-c", "sleep 316 & sleep 317")
}

// The stop goes to the container the exec ran in, by ID: renaming it, and
// giving its name to another container, changes nothing.
func TestAStopFollowsTheContainerNotItsName(t *testing.T) {
	first := runningContainer(t)
	x := start(t, first, 0, "sh", "-c", "echo up; sleep 318 & sleep 319")
	readUntilData(t, x, "up\n")
	docker(t, "rename", first, first+"-moved")
	t.Cleanup(func() { docker(t, "rm", "-f", first+"-moved") })
	docker(t, "run", "-d", "--network", "none", "--name", first, testImage, "sh", "-c", "sleep 318 & sleep 319")
	x.Stop()
	if o := readAll(t, x, 60*time.Second); o.status != Stopped {
		t.Fatalf("status %v, want Stopped", o.status)
	}
	assertStop(t, x, StopEnded)
	if n := alive(t, first+"-moved", "sleep 31"); n != 0 {
		t.Errorf("%d processes left in the renamed container", n)
	}
	if n := alive(t, first, "sleep 31"); n != 2 {
		t.Errorf("%d processes in the container that took the name, want its 2", n)
	}
}

// A fork loop that ignores SIGTERM, and 500 children that do: frozen and
// killed, gone within the grace and one second after the stop began.
func TestAForkLoopIsGoneWithinTheGrace(t *testing.T) {
	web := runningContainer(t)
	// The bound is for a container whose helper runs: the first stop there
	// also waits for the helper's exec to start.
	stopsCleanly(t, web, "sleep 319", "sleep", "319")
	for name, script := range map[string]string{
		"fork loop":    "trap '' TERM; while :; do sleep 320 & done",
		"500 children": "trap '' TERM; i=0; while [ $i -lt 500 ]; do sleep 320 & i=$((i+1)); done; echo started; wait",
	} {
		t.Run(name, func(t *testing.T) {
			timeout := 2 * time.Second
			x := start(t, web, timeout, "sh", "-c", script)
			stopBegan := time.Now().Add(timeout)
			var leftAtBound int
			checked := make(chan struct{})
			time.AfterFunc(time.Until(stopBegan.Add(stopGoneBound)), func() {
				defer close(checked)
				leftAtBound = alive(t, web, "sleep 320")
			})
			o := readAll(t, x, 120*time.Second)
			<-checked
			t.Logf("stop reported %v after it began", o.at.Sub(stopBegan))
			assertStop(t, x, StopEnded)
			if leftAtBound != 0 {
				t.Errorf("%d processes still ran %v after the stop began", leftAtBound, stopGoneBound)
			}
			if n := alive(t, web, "sleep 320"); n != 0 {
				t.Errorf("%d processes left after a stop reported as ended", n)
			}
		})
	}
}

// Many stops at once in one container: every one is served (the helper
// takes them in batches), none is lost, and each is reported truthfully.
func TestManyEarlyStopsAtOnceLeaveNothing(t *testing.T) {
	web := runningContainer(t)
	const n = 100
	var wg sync.WaitGroup
	states := make(chan StopState, n)
	began := time.Now()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x, err := Start(CommandRequest{Container: web, Settings: envFromProcess(),
				Argv: []string{"sh", "-c", fmt.Sprintf("echo s; sleep 330 & sleep 331 & wait # %d", i)}})
			if err != nil {
				t.Error(err)
				return
			}
			defer x.Close()
			if !readsData(x, "s\n", 2*time.Minute) {
				t.Errorf("exec %s: no output within 2 minutes", x.ID())
			}
			x.Close()
			for s, _, _ := x.Read(nil, 0); s == Data || s == Pending || s == Started; s, _, _ = x.Read(nil, time.Second) {
			}
			if s, ok := x.StopReport(); ok {
				states <- s.State
			}
		}()
	}
	wg.Wait()
	close(states)
	count := map[StopState]int{}
	for s := range states {
		count[s]++
	}
	t.Logf("%d early stops at once: %v in %v (ended %d, unconfirmed %d)", n, count, time.Since(began), count[StopEnded], count[StopUnconfirmed])
	deadline := time.Now().Add(2 * time.Minute)
	for alive(t, web, "sleep 33") > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d processes left 2 minutes after %d early stops", alive(t, web, "sleep 33"), n)
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Logf("the last process was gone %v after the first start", time.Since(began))
	if count[StopFailed] > 0 {
		t.Errorf("%d stops failed", count[StopFailed])
	}
}

// readsData reads x until want arrived, or fails after limit.
func readsData(x *Exec, want string, limit time.Duration) bool {
	buf := make([]byte, 1024)
	var got []byte
	for deadline := time.Now().Add(limit); !strings.Contains(string(got), want); {
		s, _, n := x.Read(buf, time.Second)
		if s != Data && s != Pending && s != Started || time.Now().After(deadline) {
			return false
		}
		got = append(got, buf[:n]...)
	}
	return true
}

// The helper is one short line in ps, and ends when its connection closes:
// when it is idle, or when the process that started it exits.
func TestTheStopHelperEndsWithItsConnection(t *testing.T) {
	web := runningContainer(t)
	stopsCleanly(t, web, "sleep 340", "sleep", "340")
	ps := docker(t, "exec", web, "ps", "-o", "args")
	if !strings.Contains(ps, "sh -c script=$"+helperScriptVariable) || strings.Contains(ps, "PSDOCKER_EXEC_ID") {
		t.Fatalf("the helper should show as one short line in ps:\n%s", ps)
	}
	_, cli, err := connect(envFromProcess(), "")
	if err != nil {
		t.Fatal(err)
	}
	id := docker(t, "inspect", "-f", "{{.Id}}", web)
	s := stopperFor(cli, id)
	s.mu.Lock()
	h := s.helper
	s.mu.Unlock()
	if h == nil {
		t.Fatal("no helper after a stop")
	}
	s.retire(h)
	deadline := time.Now().Add(5 * time.Second)
	for alive(t, web, helperName) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the helper still runs 5 s after its connection closed:\n%s", docker(t, "exec", web, "ps", "-o", "pid,args"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The next stop starts a new one.
	stopsCleanly(t, web, "sleep 341", "sleep", "341")
}

// An exec that the runtime is starting while the helper looks (runc init,
// not dumpable, so its environment is unreadable even to root) is not a
// process of another user that the stop could not search: with other execs
// starting all the time, every stop is still reported ended.
func TestExecsStartingMeanwhileDoNotMakeAStopUnconfirmed(t *testing.T) {
	web := runningContainer(t)
	// 800 idle processes make each of the helper's looks last long enough
	// to see the execs start.
	docker(t, "exec", "-d", web, "sh", "-c", "i=0; while [ $i -lt 800 ]; do sleep 1000 & i=$((i+1)); done; wait")
	// The helper first: its own exec start would queue behind the loops'.
	stopsCleanly(t, web, "sleep 369", "sleep", "369")
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
					exec.Command("docker", "exec", web, "true").Run()
				}
			}
		}()
	}
	defer func() { close(done); wg.Wait() }()
	for i := range 10 {
		x := start(t, web, 0, "sh", "-c", fmt.Sprintf("echo up; sleep 37%d", i))
		if !readsData(x, "up\n", time.Minute) {
			t.Fatal("no output")
		}
		x.Close()
		readAll(t, x, time.Minute)
		assertStop(t, x, StopEnded)
	}
}

// A process of another user that started since the exec, outside its
// session, could be one of its own: the helper cannot read its environment
// for the marker, so the stop says unconfirmed, and why, however often it
// reads it again.
func TestAnUnreadableProcessStartedSinceMakesAStopUnconfirmed(t *testing.T) {
	web := runningContainer(t)
	x := start(t, web, 0, "sh", "-c", "echo up; sleep 382")
	readUntilData(t, x, "up\n")
	docker(t, "exec", "-d", web, "su", "app", "-c", "sleep 383")
	for deadline := time.Now().Add(30 * time.Second); alive(t, web, "sleep 383") == 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("su app -c 'sleep 383' did not start within 30 s")
		}
	}
	x.Close()
	readAll(t, x, time.Minute)
	assertStop(t, x, StopUnconfirmed)
	if s, _ := x.StopReport(); !strings.Contains(s.Detail, "unreadable") || s.Ended == 0 {
		t.Errorf("stop %+v: want it to say that 1 process could not be read, and what it ended", s)
	}
}
