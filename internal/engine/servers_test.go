package engine

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
)

// Helpers for the endpoint tests: real servers started from
// tests/servers/*.sh (the Pester and xunit suites use the same scripts),
// each torn down by the test that started it.

const serversDir = "../../tests/servers"

// needServer skips when a tool the server needs is not installed, or when
// the test cannot be root (servers need their own users, sockets, mounts).
func needServer(t testing.TB, tools ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: no extra servers")
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (.ci/run installs it)", tool)
		}
	}
	if os.Getuid() != 0 {
		t.Skip("starting test servers needs root")
	}
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// serverDir is a short folder of its own: unix socket paths are limited to
// 108 bytes, and dockerd puts containerd's sockets under its exec root.
func serverDir(t testing.TB, kind string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "psd-"+kind+"-")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func script(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command("bash", append([]string{filepath.Join(serversDir, name)}, args...)...).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr)
	}
	return strings.TrimSpace(string(out))
}

// secondDaemon is a dockerd of its own with the test image, on a unix socket
// and on 127.0.0.1 with TLS verification.
type secondDaemon struct {
	dir  string
	sock string // unix://...
	tcp  string // tcp://127.0.0.1:port, TLS
	tls  string // certs.sh output: server/, client/, wrong/
}

func startSecondDaemon(t testing.TB) *secondDaemon {
	t.Helper()
	needServer(t, "dockerd", "openssl", "ip")
	dir := serverDir(t, "dockerd")
	port := freePort(t)
	t.Cleanup(func() { exec.Command("bash", filepath.Join(serversDir, "dockerd.sh"), "stop", dir).Run() })
	script(t, "dockerd.sh", "start", dir, strconv.Itoa(port), testImage)
	return &secondDaemon{dir: dir, sock: "unix://" + dir + "/docker.sock", tcp: "tcp://127.0.0.1:" + strconv.Itoa(port), tls: dir + "/tls"}
}

// run starts an idling container on the daemon at host, removed at cleanup.
func (d *secondDaemon) run(t testing.TB) string {
	name := uniqueName(t)
	docker(t, "-H", d.sock, "run", "-d", "--network", "none", "--name", name, testImage, "sleep", "86400")
	t.Cleanup(func() { exec.Command("docker", "-H", d.sock, "rm", "-f", name).Run() })
	return name
}

// sshServer is sshd on 127.0.0.1 with a test user who may use the main
// daemon's socket; host alias is configured in /etc/ssh/ssh_config.d.
type sshServer struct {
	user, alias string
	port        int
	dir         string // sshd.log is there: one "Accepted publickey" line a login
}

func (s *sshServer) url() string {
	return "ssh://" + s.user + "@" + s.alias + ":" + strconv.Itoa(s.port)
}

// startSSH starts sshd; sshdOptions are sshd_config lines added to its own.
func startSSH(t testing.TB, sshdOptions ...string) *sshServer {
	t.Helper()
	needServer(t, "sshd", "ssh", "ssh-keygen", "useradd", "pgrep")
	dir := serverDir(t, "sshd")
	port := freePort(t)
	t.Cleanup(func() { exec.Command("bash", filepath.Join(serversDir, "sshd.sh"), "stop", dir).Run() })
	user, alias, _ := strings.Cut(script(t, "sshd.sh", append([]string{"start", dir, strconv.Itoa(port)}, sshdOptions...)...), " ")
	return &sshServer{user: user, alias: alias, port: port, dir: dir}
}

// dockerConfig is a DOCKER_CONFIG folder of the test's own, so the docker
// CLI writes contexts there and never into the real ~/.docker. Not
// t.TempDir: under wine (tests/platforms) its removal fails the test.
func dockerConfig(t testing.TB) string {
	dir, err := os.MkdirTemp("", "psd-config-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// dockerIn runs the docker CLI with DOCKER_CONFIG=configDir.
func dockerIn(t testing.TB, configDir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("docker", args...)
	cmd.Env = append(os.Environ(), "DOCKER_CONFIG="+configDir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func startWith(t testing.TB, env endpoint.Settings, container string, argv ...string) *Exec {
	t.Helper()
	x, err := Start(CommandRequest{Container: container, Argv: argv, Settings: env})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(x.Stop)
	return x
}

// echoThrough runs echo in container through env and checks the output.
func echoThrough(t testing.TB, env endpoint.Settings, container, word string) {
	t.Helper()
	o := readAll(t, startWith(t, env, container, "echo", word), 60*time.Second)
	if o.status != Ended || o.stdout.String() != word+"\n" || o.result.ExitCode != 0 {
		t.Fatalf("status %v stdout %q exit %d err %v, want %q", o.status, o.stdout.String(), o.result.ExitCode, o.result.Err, word)
	}
}

// podmanService is Podman's Docker-compatible API with a running container.
type podmanService struct {
	dir       string
	sock      string // unix://...
	container string
}

// podman runs the podman CLI on this service's storage.
func (p *podmanService) podman(t testing.TB, args ...string) string {
	t.Helper()
	base := []string{"--root", p.dir + "/root", "--runroot", p.dir + "/run", "--tmpdir", p.dir + "/tmp",
		"--cgroup-manager", "cgroupfs", "--events-backend", "file"}
	out, err := exec.Command("podman", append(base, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("podman %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func startPodman(t testing.TB) *podmanService {
	t.Helper()
	needServer(t, "podman", "pgrep")
	dir := serverDir(t, "podman")
	t.Cleanup(func() { exec.Command("bash", filepath.Join(serversDir, "podman.sh"), "stop", dir).Run() })
	name := script(t, "podman.sh", "start", dir, testImage)
	return &podmanService{dir: dir, sock: "unix://" + dir + "/podman.sock", container: name}
}

// offlineContainer is runningContainer without a network: the endpoint tests
// need none, and do not depend on the main daemon's docker0 bridge, which a
// daemon started elsewhere with --bridge=none deletes.
func offlineContainer(t testing.TB) string {
	name := uniqueName(t)
	docker(t, "run", "-d", "--network", "none", "--name", name, testImage, "sleep", "86400")
	t.Cleanup(func() { exec.Command("docker", "rm", "-f", name).Run() })
	return name
}
