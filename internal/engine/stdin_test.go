package engine

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"
	"time"
)

// startWithInput starts argv with stdin attached.
func startWithInput(t testing.TB, container string, timeout time.Duration, argv ...string) *Exec {
	t.Helper()
	x, err := Start(CommandRequest{Container: container, Argv: argv, TimeoutMs: timeout.Milliseconds(), Settings: envFromProcess(), Stdin: true})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(x.Stop)
	return x
}

// feed writes data to x's stdin as a caller must: what is not taken is
// written again a little later. It closes the input at the end unless the
// command took no more; it reports how many bytes were taken.
func feed(x *Exec, data []byte, chunk int) (taken int, err error) {
	for len(data) > 0 {
		n, err := x.WriteInput(data[:min(chunk, len(data))])
		if err != nil {
			return taken, err
		}
		taken += n
		data = data[n:]
		if n == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	x.CloseInput()
	return taken, nil
}

func TestStdinReachesTheCommandAndItsEndEndsIt(t *testing.T) {
	web := runningContainer(t)
	x := startWithInput(t, web, 0, "cat")
	if _, err := feed(x, []byte("a\nb\n"), 1); err != nil {
		t.Fatal(err)
	}
	if o := readAll(t, x, 30*time.Second); o.status != Ended || o.stdout.String() != "a\nb\n" || o.result.ExitCode != 0 {
		t.Fatalf("status %v, stdout %q, exit %d", o.status, o.stdout.String(), o.result.ExitCode)
	}
}

func TestAnEmptyInputIsClosedAtOnce(t *testing.T) {
	web := runningContainer(t)
	x := startWithInput(t, web, 0, "wc", "-c")
	x.CloseInput()
	if o := readAll(t, x, 30*time.Second); o.status != Ended || strings.TrimSpace(o.stdout.String()) != "0" {
		t.Fatalf("status %v, stdout %q", o.status, o.stdout.String())
	}
}

// Input and output at the same time, more of each than any buffer on the
// way holds: nothing waits on the other, and every byte comes back.
func TestInputAndOutputFlowTogetherWithoutDeadlock(t *testing.T) {
	web := runningContainer(t)
	x := startWithInput(t, web, 0, "cat")
	data := bytes.Repeat([]byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n"), 1<<18) // 16 MiB
	fed := make(chan error, 1)
	go func() { _, err := feed(x, data, 64<<10); fed <- err }()
	o := readAll(t, x, 120*time.Second)
	if err := <-fed; err != nil {
		t.Fatal(err)
	}
	if o.status != Ended || o.stdout.Len() != len(data) || sha256.Sum256(o.stdout.Bytes()) != sha256.Sum256(data) {
		t.Fatalf("status %v, %d of %d bytes came back (or not the same ones)", o.status, o.stdout.Len(), len(data))
	}
}

// A command that does not read its input ends the call with its own exit
// code; the rest of the input is refused, not an error.
func TestACommandThatReadsNoInputEndsNormally(t *testing.T) {
	web := runningContainer(t)
	x := startWithInput(t, web, 0, "sh", "-c", "exit 3")
	fed := make(chan error, 1)
	go func() { _, err := feed(x, make([]byte, 64<<20), 64<<10); fed <- err }()
	o := readAll(t, x, 60*time.Second)
	if o.status != Ended || o.result.ExitCode != 3 {
		t.Fatalf("status %v exit %d, want Ended with 3", o.status, o.result.ExitCode)
	}
	select {
	case err := <-fed:
		if !errors.Is(err, errInputClosed) {
			t.Fatalf("the rest of the input: %v, want errInputClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("writing the input did not stop once the command had ended")
	}
}

// A timeout while input flows stops the command and refuses further input.
func TestATimeoutWhileInputFlowsStopsTheCommand(t *testing.T) {
	web := runningContainer(t)
	// It outlives the end of its input, which comes when the stop closes the connection.
	x := startWithInput(t, web, time.Second, "sh", "-c", "while read l; do echo $l; done; sleep 372")
	go feed(x, bytes.Repeat([]byte("x\n"), 1<<20), 100)
	o := readAll(t, x, 60*time.Second)
	if o.status != TimedOut {
		t.Fatalf("status %v, want TimedOut", o.status)
	}
	assertStop(t, x, StopEnded)
	if _, err := x.WriteInput([]byte("late\n")); !errors.Is(err, errInputClosed) {
		t.Fatalf("input after the timeout: %v, want errInputClosed", err)
	}
}

// Without Stdin the command's stdin is empty, as before, and input is refused.
func TestWithoutStdinInputIsRefused(t *testing.T) {
	web := runningContainer(t)
	x := start(t, web, 0, "cat")
	if _, err := x.WriteInput([]byte("x")); !errors.Is(err, errInputClosed) {
		t.Fatalf("WriteInput without stdin: %v", err)
	}
	if o := readAll(t, x, 30*time.Second); o.status != Ended || o.stdout.Len() != 0 {
		t.Fatalf("status %v stdout %q", o.status, o.stdout.String())
	}
}
