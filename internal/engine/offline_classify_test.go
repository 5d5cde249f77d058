package engine

import (
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/client"
	"github.com/psdocker/psdocker/internal/endpoint"
)

// classifyAPIError (errors.go) and explainCreateError (run.go) on the
// daemons' recorded refusals of exec create.

// failure runs true in container against d and returns its error, which
// must be the outcome.
func failure(t *testing.T, d *fakeDaemon, container string) *Error {
	t.Helper()
	o := readAll(t, d.start(t, container, 0, "true"), 10*time.Second)
	var e *Error
	if o.status != Failed || !errors.As(o.result.Err, &e) {
		t.Fatalf("status %s, error %v: want Failed with an *Error", statusNames[o.status], o.result.Err)
	}
	if o.started {
		t.Error("Started before the exec was created")
	}
	return e
}

func TestOfflineClassifyAPIError(t *testing.T) {
	for _, c := range []struct {
		name, daemon, container, refusal string
		kind                             ErrorKind
		text                             string
	}{
		{"Docker: no such container", "docker", "psd-rec-missing", "docker-exec-create-missing.404.json",
			ContainerNotFound, "no such container: psd-rec-missing"},
		{"Podman: no such container", "podman", "psd-rec-missing", "podman-exec-create-missing.404.json",
			ContainerNotFound, "no such container: psd-rec-missing"},
		{"Docker 20.10: an ID prefix of several containers, 500", "docker", "7", "docker-exec-create-ambiguous.500.json",
			ContainerAmbiguous, `"7" is the start of the ID of more than one container`},
		{"Docker 23 on: an ID prefix of several containers, 400", "docker", "7", "docker-exec-create-ambiguous.400.json",
			ContainerAmbiguous, `"7" is the start of the ID of more than one container`},
		{"any other refusal is the daemon's error, in its words", "docker", "psd-rec-run", "docker-exec-create-nocmd.400.json",
			DaemonError, "No exec command specified"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := newFakeDaemon(t, fakeConfig{daemon: c.daemon, refusal: c.refusal})
			e := failure(t, d, c.container)
			if e.Kind != c.kind || !strings.Contains(e.Error(), c.text) || e.Container != c.container {
				t.Errorf("%s %q (container %q), want %s containing %q", e.Kind, e, e.Container, c.kind, c.text)
			}
		})
	}
}

// Both daemons refuse exec in a container that does not run as a state
// conflict; container inspect tells which state it is in.
func TestOfflineStateConflictIsToldApartByContainerInspect(t *testing.T) {
	for _, c := range []struct {
		name, daemon, container, refusal, inspect string
		kind                                      ErrorKind
		text                                      string
	}{
		{"Docker: stopped", "docker", "psd-rec-stopped", "docker-exec-create-stopped.409.json", "docker-container-stopped.json",
			ContainerNotRunning, "container psd-rec-stopped is not running (status created)"},
		{"Docker: paused", "docker", "psd-rec-paused", "docker-exec-create-paused.409.json", "docker-container-paused.json",
			ContainerPaused, "container psd-rec-paused is paused"},
		{"Docker: restarting", "docker", "psd-rec-restarting", "docker-exec-create-restarting.409.json", "docker-container-restarting.json",
			ContainerRestarting, "container psd-rec-restarting is restarting"},
		// Podman says "stopped" with a 500 that names libpod's state error
		// (podmanstate.go), "paused" with a 409.
		{"Podman: stopped", "podman", "psd-rec-pstopped", "podman-exec-create-stopped.500.json", "podman-container-stopped.json",
			ContainerNotRunning, "container psd-rec-pstopped is not running (status created)"},
		{"Podman: paused", "podman", "psd-rec-ppaused", "podman-exec-create-paused.409.json", "podman-container-paused.json",
			ContainerPaused, "container psd-rec-ppaused is paused"},
		// Unpaused between the two calls: inspect explains nothing, and the
		// refusal is passed on in the daemon's words.
		{"Docker: running by the time of the inspect", "docker", "psd-rec-paused", "docker-exec-create-paused.409.json", "docker-container-running.json",
			DaemonError, "Container psd-rec-paused is paused, unpause the container before exec"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := newFakeDaemon(t, fakeConfig{daemon: c.daemon, refusal: c.refusal, container: c.inspect})
			e := failure(t, d, c.container)
			if e.Kind != c.kind || !strings.Contains(e.Error(), c.text) {
				t.Errorf("%s %q, want %s containing %q", e.Kind, e, c.kind, c.text)
			}
		})
	}
}

// The client's error for a socket this user may not use, as net.Dial
// returns it for a unix socket without write permission (EACCES from
// connect). A real refusal needs a user other than root, which
// TestPermissionDeniedOnSocket makes with a real daemon.
func TestOfflineSocketPermissionDenied(t *testing.T) {
	const host = "unix:///var/run/docker.sock"
	refused := func(ctx context.Context, network, addr string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: "unix", Addr: &net.UnixAddr{Name: "/var/run/docker.sock", Net: "unix"},
			Err: os.NewSyscallError("connect", syscall.EACCES)}
	}
	cli, err := client.NewClientWithOpts(client.WithHost(host), client.WithDialContext(refused), client.WithAPIVersionNegotiation())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	_, err = cli.ContainerExecCreate(context.Background(), "web", container.ExecOptions{Cmd: []string{"true"}})
	if err == nil {
		t.Fatal("exec create worked through a refused socket")
	}
	ep, rerr := resolve(endpoint.Settings{Host: host, ConfigDir: scratchDir(t)}, "")
	if rerr != nil {
		t.Fatal(rerr)
	}
	e := classifyAPIError(err, "web", ep)
	if e.Kind != DaemonPermissionDenied {
		t.Fatalf("%s %q, want DaemonPermissionDenied", e.Kind, e)
	}
	for _, want := range []string{"permission denied on the Docker daemon socket at " + host, "DOCKER_HOST"} {
		if !strings.Contains(e.Error(), want) {
			t.Errorf("message %q does not contain %q", e, want)
		}
	}
}

// Nothing listens at the address: the engine says it cannot connect, where
// the address came from, and what to do.
func TestOfflineDaemonUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	host := "tcp://" + l.Addr().String()
	l.Close()
	x, err := Start(CommandRequest{Container: "web", Argv: []string{"true"},
		Settings: endpoint.Settings{Host: host, ConfigDir: scratchDir(t)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(x.Stop)
	o := readAll(t, x, 10*time.Second)
	assertFailure(t, o, DaemonUnreachable, "Cannot connect to the Docker daemon at "+host)
	if !strings.Contains(o.result.Err.Error(), "DOCKER_HOST") {
		t.Errorf("message %q does not say the address came from DOCKER_HOST", o.result.Err)
	}
}
