package engine

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

// The options docker exec has: user, working directory, environment.

func run(t testing.TB, req CommandRequest) *outcome {
	t.Helper()
	req.Settings = envFromProcess()
	x, err := Start(req)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(x.Stop)
	return readAll(t, x, 30*time.Second)
}

func TestUserWorkingDirectoryAndEnvironmentReachTheCommand(t *testing.T) {
	web := runningContainer(t)
	for _, c := range []struct {
		req  CommandRequest
		want string
	}{
		{CommandRequest{Argv: []string{"id"}, User: "app"}, "uid=1000(app) gid=1000(app) groups=1000(app)\n"},
		{CommandRequest{Argv: []string{"id", "-u"}, User: "1234:5678"}, "1234\n"},
		{CommandRequest{Argv: []string{"id", "-g"}, User: "app:nogroup"}, "65534\n"},
		{CommandRequest{Argv: []string{"pwd"}, WorkingDir: "/tmp"}, "/tmp\n"},
		{CommandRequest{Argv: []string{"sh", "-c", `printf '%s|%s|' "$A" "$B"; echo ${PSDOCKER_EXEC_ID:+marked}`},
			Environment: []string{"A=x=y z", "B=line1\nline2"}}, "x=y z|line1\nline2|marked\n"},
	} {
		c.req.Container = web
		if o := run(t, c.req); o.status != Ended || o.stdout.String() != c.want {
			t.Errorf("%+v: status %v (%v), stdout %q, want %q", c.req, o.status, o.result.Err, o.stdout.String(), c.want)
		}
	}
}

// Each refusal is the daemon's own words with a kind of its own; nothing ran.
func TestBadProcessSettingsAreTheirOwnErrors(t *testing.T) {
	web := runningContainer(t)
	for _, c := range []struct {
		req  CommandRequest
		kind ErrorKind
		text string
	}{
		{CommandRequest{Argv: []string{"true"}, User: "nosuch"}, UserNotFound, "unable to find user nosuch"},
		{CommandRequest{Argv: []string{"true"}, User: "app:nosuchgroup"}, UserNotFound, "unable to find group nosuchgroup"},
		{CommandRequest{Argv: []string{"true"}, WorkingDir: "/nonexistent"}, WorkingDirectoryNotFound, "/nonexistent"},
		{CommandRequest{Argv: []string{"true"}, Environment: []string{"=x"}}, InvalidEnvironment, "environment variable name can't be empty"},
	} {
		c.req.Container = web
		o := run(t, c.req)
		assertFailure(t, o, c.kind, c.text)
		if o.stdout.Len() != 0 {
			t.Errorf("%+v: the daemon's text leaked as output: %q", c.req, o.stdout.String())
		}
	}
	if _, err := Start(CommandRequest{Container: web, Argv: []string{"true"}, Environment: []string{"PSDOCKER_EXEC_ID=x"}}); KindOf(err) != InvalidRequest ||
		!strings.Contains(err.Error(), "reserved") {
		t.Errorf("the marker's name: %v, want InvalidRequest saying it is reserved", err)
	}
}

// A stop ends a command that runs as another user than the container's
// default, both ways round: the stop helper runs as root.
func TestAStopEndsACommandOfAnyUser(t *testing.T) {
	asRoot := runningContainer(t)
	asApp := uniqueName(t) + "-app"
	docker(t, "run", "-d", "--network", "none", "--user", "app", "--name", asApp, testImage, "sleep", "86400")
	t.Cleanup(func() { exec.Command("docker", "rm", "-f", asApp).Run() })
	for _, c := range []struct{ container, user string }{{asRoot, "app"}, {asApp, "root"}, {asApp, ""}} {
		x, err := Start(CommandRequest{Container: c.container, Argv: []string{"sh", "-c", "sleep 351 & sleep 352"}, User: c.user, Settings: envFromProcess()})
		if err != nil {
			t.Fatal(err)
		}
		waitStarted(t, x)
		time.Sleep(300 * time.Millisecond)
		x.Stop()
		if o := readAll(t, x, 60*time.Second); o.status != Stopped {
			t.Fatalf("%s as %q: status %v", c.container, c.user, o.status)
		}
		assertStop(t, x, StopEnded)
		if ps := docker(t, "exec", c.container, "ps", "-o", "args"); strings.Contains(ps, "sleep 35") {
			t.Errorf("%s as %q: processes left:\n%s", c.container, c.user, ps)
		}
	}
}

func waitStarted(t testing.TB, x *Exec) {
	t.Helper()
	buf := make([]byte, 1024)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		if s, _, _ := x.Read(buf, 100*time.Millisecond); s == Started {
			return
		} else if s != Pending && s != Data {
			t.Fatalf("status %v before Started", s)
		}
	}
	t.Fatal("not started")
}
