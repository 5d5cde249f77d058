package engine

import (
	"strings"
	"testing"
	"time"
)

// Start errors (starterror.go, podmanstart.go) against the fake daemon,
// with the texts, exit codes and exec inspect answers the daemons gave.

// Docker writes the runtime's error on stdout, after it marked the exec
// ended with exit code 126 (127 from Docker 23 on) and pid 0.
func TestOfflineDockerStartErrors(t *testing.T) {
	for _, c := range []struct {
		name, text, inspect string
		argv                []string
		kind                ErrorKind
		also                string // in the message besides the daemon's text
	}{
		{"missing command", "docker-start-notfound.stdout.txt", "docker-exec-inspect-notfound.json",
			[]string{"no-such-command", "x"}, CommandNotFound, `cannot run "no-such-command" in container psd-rec-run (exit code 126)`},
		{"not executable", "docker-start-notexec.stdout.txt", "docker-exec-inspect-notexec.json",
			[]string{"/etc/passwd"}, CommandNotExecutable, `cannot run "/etc/passwd" in container psd-rec-run (exit code 126)`},
		{"container at its pids limit", "docker-start-pids.stdout.txt", "docker-exec-inspect-pids.json",
			[]string{"true"}, ProcessStartFailed, "docker run --pids-limit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := recorded(t, c.text)
			d := newFakeDaemon(t, fakeConfig{daemon: "docker", exec: execScript{
				output: []frame{{Stdout, text}}, endedBeforeOutput: true, ended: c.inspect}})
			o := readAll(t, d.start(t, "psd-rec-run", 0, c.argv...), 10*time.Second)
			assertFailure(t, o, c.kind, strings.TrimSpace(text))
			if msg := o.result.Err.Error(); !strings.Contains(msg, c.also) {
				t.Errorf("message %q does not contain %q", msg, c.also)
			}
			if o.stdout.Len() != 0 || o.stderr.Len() != 0 || !o.started {
				t.Errorf("stdout %q stderr %q started %v: the daemon's text must not be output", o.stdout.String(), o.stderr.String(), o.started)
			}
			if !o.result.ExitKnown || o.result.ExitCode != 126 {
				t.Errorf("exit %d known %v, want 126", o.result.ExitCode, o.result.ExitKnown)
			}
		})
	}
}

// A program that prints what looks like Docker's start error: its exec has
// a pid, so the text is output, whether the program still runs when the
// text is looked at or has ended by then.
func TestOfflineDockerStartErrorTextFromAProgramIsOutput(t *testing.T) {
	// Recorded: sh -c "echo 'OCI runtime exec failed: lookalike'; exit 127".
	const text = "OCI runtime exec failed: lookalike\n"
	for _, c := range []struct {
		name  string
		ended bool
	}{{"still running", false}, {"already ended", true}} {
		t.Run(c.name, func(t *testing.T) {
			d := newFakeDaemon(t, fakeConfig{daemon: "docker", exec: execScript{
				output:              []frame{{Stdout, text}},
				running:             "docker-exec-inspect-running.json",
				ended:               "docker-exec-inspect-lookalike.json",
				endedBeforeOutput:   c.ended,
				endsOnceSeenRunning: !c.ended,
			}})
			o := readAll(t, d.start(t, "psd-rec-run", 0, "sh", "-c", "echo 'OCI runtime exec failed: lookalike'; exit 127"), 10*time.Second)
			if o.status != Ended || o.result.ExitCode != 127 || o.stdout.String() != text {
				t.Fatalf("status %s exit %d stdout %q err %v, want Ended with 127 and the text", statusNames[o.status], o.result.ExitCode, o.stdout.String(), o.result.Err)
			}
		})
	}
}

// Podman writes the runtime's error on stderr, one line, then a spurious
// line of its own; exec inspect says ended, with 127 or 126.
func TestOfflinePodmanStartErrors(t *testing.T) {
	for _, c := range []struct {
		name, text, inspect string
		argv                []string
		kind                ErrorKind
		code                int
	}{
		{"missing command", "podman-start-notfound.stderr.txt", "podman-exec-inspect-notfound.json",
			[]string{"no-such-command"}, CommandNotFound, 127},
		{"not executable", "podman-start-notexec.stderr.txt", "podman-exec-inspect-notexec.json",
			[]string{"/etc/passwd"}, CommandNotExecutable, 126},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := recorded(t, c.text)
			d := newFakeDaemon(t, fakeConfig{daemon: "podman", exec: execScript{
				output: lines(Stderr, text), endedBeforeOutput: true, ended: c.inspect}})
			o := readAll(t, d.start(t, "psd-rec-prun", 0, c.argv...), 10*time.Second)
			first, _, _ := strings.Cut(text, "\n")
			assertFailure(t, o, c.kind, strings.TrimPrefix(first, "Error: "))
			if o.stdout.Len() != 0 || o.stderr.Len() != 0 {
				t.Errorf("stdout %q stderr %q: Podman's start error must not be output", o.stdout.String(), o.stderr.String())
			}
			if !o.result.ExitKnown || o.result.ExitCode != c.code {
				t.Errorf("exit %d known %v, want %d", o.result.ExitCode, o.result.ExitKnown, c.code)
			}
		})
	}
}

// Podman's start-error text from a program, exit code 127 included, is
// output: from Podman while the program runs, and from Docker at any time.
func TestOfflinePodmanStartErrorTextFromAProgramIsOutput(t *testing.T) {
	// Recorded from both daemons: sh -c "echo 'Error: runc: exec failed: ...
	// OCI runtime attempted to invoke a command that was not found' >&2; exit 127".
	text, _, _ := strings.Cut(recorded(t, "podman-start-notfound.stderr.txt"), "\n")
	text += "\n"
	for _, c := range []struct {
		name, daemon string
		exec         execScript
	}{
		{"Podman, still running", "podman", execScript{output: []frame{{Stderr, text}}, endsOnceSeenRunning: true,
			running: "podman-exec-inspect-running.json", ended: "podman-exec-inspect-lookalike.json"}},
		{"Docker, already ended", "docker", execScript{output: []frame{{Stderr, text}},
			endedBeforeOutput: true, ended: "docker-exec-inspect-podmantext.json"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := newFakeDaemon(t, fakeConfig{daemon: c.daemon, exec: c.exec})
			o := readAll(t, d.start(t, "psd-rec-run", 0, "sh", "-c", "echo '...' >&2; exit 127"), 10*time.Second)
			if o.status != Ended || o.result.ExitCode != 127 || o.stderr.String() != text {
				t.Fatalf("status %s exit %d stderr %q err %v, want Ended with 127 and the text", statusNames[o.status], o.result.ExitCode, o.stderr.String(), o.result.Err)
			}
		})
	}
}
