package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
)

// Podman's Docker-compatible API (podman system service) runs the core
// behaviour: output, stderr, exit codes, start errors, missing containers.
func TestPodmanCompatibleAPI(t *testing.T) {
	p := startPodman(t)
	env := endpoint.Settings{ConfigDir: dockerConfig(t), Host: p.sock}
	run := func(t *testing.T, container string, argv ...string) *outcome {
		t.Helper()
		return readAll(t, startWith(t, env, container, argv...), 60*time.Second)
	}

	t.Run("output and exit code 0", func(t *testing.T) {
		echoThrough(t, env, p.container, "via-podman")
	})
	t.Run("stderr apart, in order, and the exit code", func(t *testing.T) {
		o := run(t, p.container, "sh", "-c", "echo out1; sleep 0.2; echo err1 >&2; sleep 0.2; echo out2; exit 3")
		if o.stdout.String() != "out1\nout2\n" || o.stderr.String() != "err1\n" {
			t.Errorf("stdout %q stderr %q", o.stdout.String(), o.stderr.String())
		}
		if o.status != Ended || !o.result.ExitKnown || o.result.ExitCode != 3 {
			t.Errorf("status %v exit %d known %v, want Ended with 3", o.status, o.result.ExitCode, o.result.ExitKnown)
		}
	})
	t.Run("stdin: input reaches the command, its end ends it", func(t *testing.T) {
		x, err := Start(CommandRequest{Container: p.container, Argv: []string{"sh", "-c", "cat; echo end"}, Settings: env, Stdin: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(x.Stop)
		if _, err := feed(x, []byte("a\nb\n"), 1); err != nil {
			t.Fatal(err)
		}
		if o := readAll(t, x, 60*time.Second); o.status != Ended || o.stdout.String() != "a\nb\nend\n" {
			t.Errorf("status %v stdout %q", o.status, o.stdout.String())
		}
	})
	t.Run("user, working directory, environment", func(t *testing.T) {
		x, err := Start(CommandRequest{Container: p.container, Argv: []string{"sh", "-c", `echo "$(id -u) $(pwd) $A"`}, Settings: env,
			User: "1000", WorkingDir: "/tmp", Environment: []string{"A=x y"}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(x.Stop)
		if o := readAll(t, x, 60*time.Second); o.status != Ended || o.stdout.String() != "1000 /tmp x y\n" {
			t.Errorf("status %v (%v) stdout %q", o.status, o.result.Err, o.stdout.String())
		}
	})
	t.Run("a user that does not exist", func(t *testing.T) {
		x, err := Start(CommandRequest{Container: p.container, Argv: []string{"true"}, Settings: env, User: "nosuch"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(x.Stop)
		o := readAll(t, x, 60*time.Second)
		t.Logf("Podman, user nosuch: status %v, error %v, stdout %q, stderr %q", o.status, o.result.Err, o.stdout.String(), o.stderr.String())
		if o.status == Ended && o.result.ExitCode == 0 {
			t.Error("a user that does not exist ran the command")
		}
	})
	t.Run("argv verbatim", func(t *testing.T) {
		o := run(t, p.container, "printf", `[%s]\n`, "a b", "$HOME", "")
		if o.stdout.String() != "[a b]\n[$HOME]\n[]\n" {
			t.Errorf("stdout %q", o.stdout.String())
		}
	})
	t.Run("executable not found", func(t *testing.T) {
		o := run(t, p.container, "no-such-command")
		assertFailure(t, o, CommandNotFound, "no-such-command")
		if o.stdout.Len() != 0 || o.stderr.Len() != 0 {
			t.Errorf("Podman's start error leaked: stdout %q stderr %q", o.stdout.String(), o.stderr.String())
		}
		if o.result.ExitCode != 127 {
			t.Errorf("exit %d, want 127", o.result.ExitCode)
		}
	})
	t.Run("not executable", func(t *testing.T) {
		o := run(t, p.container, "/etc/passwd")
		assertFailure(t, o, CommandNotExecutable, "/etc/passwd")
		if o.stdout.Len() != 0 || o.stderr.Len() != 0 {
			t.Errorf("Podman's start error leaked: stdout %q stderr %q", o.stdout.String(), o.stderr.String())
		}
	})
	t.Run("exit 127 from the program itself", func(t *testing.T) {
		o := run(t, p.container, "sh", "-c", "echo 'Error: runc: exec failed: lookalike' >&2; exit 127")
		if o.status != Ended || o.result.ExitCode != 127 || !strings.Contains(o.stderr.String(), "lookalike") {
			t.Errorf("status %v exit %d stderr %q err %v, want Ended with 127 and the stderr", o.status, o.result.ExitCode, o.stderr.String(), o.result.Err)
		}
	})
	t.Run("no such container", func(t *testing.T) {
		assertFailure(t, run(t, uniqueName(t), "true"), ContainerNotFound, "no such container")
	})
	t.Run("stopped and paused containers", func(t *testing.T) {
		stopped := uniqueName(t)
		p.podman(t, "create", "--name", stopped, "--network", "none", testImage, "sleep", "86400")
		assertFailure(t, run(t, stopped, "true"), ContainerNotRunning, "is not running")
		paused := uniqueName(t)
		p.podman(t, "run", "-d", "--name", paused, "--network", "none", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", testImage, "sleep", "86400")
		p.podman(t, "pause", paused)
		assertFailure(t, run(t, paused, "true"), ContainerPaused, "is paused")
	})
	t.Run("timeout", func(t *testing.T) {
		x, err := Start(CommandRequest{Container: p.container, Argv: []string{"sh", "-c", "echo before; sleep 30"}, TimeoutMs: (time.Second).Milliseconds(), Settings: env})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(x.Stop)
		if o := readAll(t, x, 30*time.Second); o.status != TimedOut || o.stdout.String() != "before\n" {
			t.Errorf("status %v stdout %q, want TimedOut after before", o.status, o.stdout.String())
		}
		// The stop ends the process through Podman's API too.
		assertStop(t, x, StopEnded)
		for stopped := time.Now(); strings.Contains(run(t, p.container, "ps", "-o", "stat,args").stdout.String(), "sleep 30"); {
			if time.Since(stopped) > stopGoneBound {
				t.Fatal("sleep 30 still runs in the Podman container after the stop")
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	// Issue 15's cases through Podman: a first process that changed its
	// user or cleared its environment, and a fork loop. What the stop
	// reports must hold: "ended" only with nothing left.
	for _, c := range []struct {
		name, needle string
		argv         []string
	}{
		{"su", "sleep 361", []string{"su", "app", "-c", "sleep 361 & sleep 362; wait"}},
		{"env -i", "sleep 363", []string{"env", "-i", "sh", "-c", "sleep 363; echo"}},
		{"fork loop", "sleep 364", []string{"sh", "-c", "trap '' TERM; while :; do sleep 364 & done"}},
	} {
		t.Run("stop: "+c.name, func(t *testing.T) {
			x := startWith(t, endpoint.Settings{ConfigDir: env.ConfigDir, Host: env.Host}, p.container, c.argv...)
			time.AfterFunc(time.Second, x.Stop)
			if o := readAll(t, x, 60*time.Second); o.status != Stopped {
				t.Fatalf("status %v, want Stopped", o.status)
			}
			s, _ := x.StopReport()
			left := strings.Count(run(t, p.container, "ps", "-o", "stat,args").stdout.String(), c.needle)
			t.Logf("%s through Podman: %+v; %d left", c.name, s, left)
			if s.State == StopEnded && left != 0 {
				t.Errorf("reported ended with %d processes left", left)
			}
			if s.State != StopEnded {
				t.Errorf("stop %+v, want ended", s)
			}
		})
	}
}
