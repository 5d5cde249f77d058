package engine

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
)

// Every endpoint kind end to end: a real server per test, reached the ways a
// docker CLI user reaches it.

func TestContextsReachASecondDaemon(t *testing.T) {
	d := startSecondDaemon(t)
	there := d.run(t)
	cfg := dockerConfig(t)
	dockerIn(t, cfg, "context", "create", "second", "--docker", "host="+d.sock)

	t.Run("DOCKER_CONTEXT", func(t *testing.T) {
		echoThrough(t, endpoint.Settings{ConfigDir: cfg, Context: "second"}, there, "via-env")
		x := startWith(t, endpoint.Settings{ConfigDir: cfg, Context: "second"}, there, "true")
		if want := `(context "second", from DOCKER_CONTEXT)`; !strings.Contains(x.Endpoint, d.sock) || !strings.Contains(x.Endpoint, want) {
			t.Errorf("Endpoint %q, want %s and %s", x.Endpoint, d.sock, want)
		}
	})
	t.Run("docker context use, then back to default", func(t *testing.T) {
		dockerIn(t, cfg, "context", "use", "second")
		echoThrough(t, endpoint.Settings{ConfigDir: cfg}, there, "via-use")
		dockerIn(t, cfg, "context", "use", "default")
		o := readAll(t, startWith(t, endpoint.Settings{ConfigDir: cfg}, there, "true"), 30*time.Second)
		assertFailure(t, o, ContainerNotFound, there) // the main daemon has no such container
	})
	t.Run("HOME/.docker when DOCKER_CONFIG is unset", func(t *testing.T) {
		home := t.TempDir()
		dockerIn(t, home+"/.docker", "context", "create", "second", "--docker", "host="+d.sock)
		dockerIn(t, home+"/.docker", "context", "use", "second")
		echoThrough(t, endpoint.Settings{Home: home}, there, "via-home")
	})
	t.Run("DOCKER_HOST overrides the context", func(t *testing.T) {
		web := offlineContainer(t) // on the main daemon
		echoThrough(t, endpoint.Settings{ConfigDir: cfg, Context: "second", Host: "unix:///var/run/docker.sock"}, web, "via-host")
	})
	t.Run("TLS context", func(t *testing.T) {
		dockerIn(t, cfg, "context", "create", "tls", "--docker",
			"host="+d.tcp+",ca="+d.tls+"/client/ca.pem,cert="+d.tls+"/client/cert.pem,key="+d.tls+"/client/key.pem")
		echoThrough(t, endpoint.Settings{ConfigDir: cfg, Context: "tls"}, there, "via-tls-context")
	})
	t.Run("TLS context with the wrong CA", func(t *testing.T) {
		dockerIn(t, cfg, "context", "create", "wrongca", "--docker",
			"host="+d.tcp+",ca="+d.tls+"/wrong/ca.pem,cert="+d.tls+"/wrong/cert.pem,key="+d.tls+"/wrong/key.pem")
		o := readAll(t, startWith(t, endpoint.Settings{ConfigDir: cfg, Context: "wrongca"}, there, "echo", "leak"), 30*time.Second)
		assertFailure(t, o, TLSError, "certificate signed by unknown authority")
		assertMentions(t, o, d.tcp, `context "wrongca"`, "DOCKER_CONTEXT")
		if o.started || o.stdout.Len() > 0 {
			t.Error("the command ran despite the failed verification")
		}
	})
	t.Run("DOCKER_TLS_VERIFY and DOCKER_CERT_PATH", func(t *testing.T) {
		echoThrough(t, endpoint.Settings{ConfigDir: cfg, Host: d.tcp, TLSVerify: "1", CertPath: d.tls + "/client"}, there, "via-tls-env")
		o := readAll(t, startWith(t, endpoint.Settings{ConfigDir: cfg, Host: d.tcp, TLSVerify: "1", CertPath: d.tls + "/wrong"}, there, "true"), 30*time.Second)
		assertFailure(t, o, TLSError, "unknown authority")
	})
	t.Run("TLS without a client certificate", func(t *testing.T) {
		// DOCKER_TLS: TLS without verifying the daemon; the daemon still wants our certificate.
		o := readAll(t, startWith(t, endpoint.Settings{ConfigDir: cfg, Host: d.tcp, TLS: "1", CertPath: d.tls + "/anonymous"}, there, "true"), 30*time.Second)
		assertFailure(t, o, TLSError, "certificate")
	})
}

func TestSSHReachesTheDaemonThroughDialStdio(t *testing.T) {
	s := startSSH(t)
	web := offlineContainer(t)
	cfg := dockerConfig(t)
	t.Run("DOCKER_HOST=ssh://", func(t *testing.T) {
		echoThrough(t, endpoint.Settings{ConfigDir: cfg, Host: s.url()}, web, "via-ssh")
		o := readAll(t, startWith(t, endpoint.Settings{ConfigDir: cfg, Host: s.url()}, web, "sh", "-c", "echo out; echo err >&2; exit 5"), 60*time.Second)
		if o.stdout.String() != "out\n" || o.stderr.String() != "err\n" || o.result.ExitCode != 5 {
			t.Errorf("stdout %q stderr %q exit %d", o.stdout.String(), o.stderr.String(), o.result.ExitCode)
		}
	})
	t.Run("ssh context", func(t *testing.T) {
		dockerIn(t, cfg, "context", "create", "overssh", "--docker", "host="+s.url())
		echoThrough(t, endpoint.Settings{ConfigDir: cfg, Context: "overssh"}, web, "via-ssh-context")
	})
	t.Run("a stop ends the process over ssh too", func(t *testing.T) {
		x := startWith(t, endpoint.Settings{ConfigDir: cfg, Host: s.url()}, web, "sh", "-c", "echo up; sleep 341 & sleep 342")
		readUntilData(t, x, "up\n")
		x.Stop()
		readAll(t, x, 60*time.Second)
		assertStop(t, x, StopEnded)
		waitGone(t, web, "sleep 34", time.Now())
	})
	t.Run("ssh's own error", func(t *testing.T) {
		bad := "ssh://nosuchuser@" + s.alias + ":" + strconv.Itoa(s.port)
		o := readAll(t, startWith(t, endpoint.Settings{ConfigDir: cfg, Host: bad}, web, "true"), 60*time.Second)
		assertFailure(t, o, DaemonUnreachable, "Permission denied (publickey)")
		assertMentions(t, o, bad, "DOCKER_HOST")
	})
}

func TestUnreachableSaysWhatWhereFromAndWhatToDo(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the docker CLI writes the contexts; under wine only a stand-in of it runs (tests/platforms)")
	}
	cfg := dockerConfig(t)
	dockerIn(t, cfg, "context", "create", "gone", "--docker", "host=unix:///nonexistent/psd-gone.sock")
	dockerIn(t, cfg, "context", "use", "gone")
	o := readAll(t, startWith(t, endpoint.Settings{ConfigDir: cfg}, "any", "true"), 30*time.Second)
	assertFailure(t, o, DaemonUnreachable, "Cannot connect to the Docker daemon at unix:///nonexistent/psd-gone.sock: ")
	assertMentions(t, o, `context "gone"`, cfg+"/config.json", "docker context ls", "docker context use default")
	if n := strings.Count(o.result.Err.Error(), "unix:///nonexistent/psd-gone.sock"); n != 1 {
		t.Errorf("the address is named %d times: %s", n, o.result.Err)
	}

	o = readAll(t, startWith(t, endpoint.Settings{ConfigDir: cfg, Host: "unix:///nonexistent/psd.sock"}, "any", "true"), 30*time.Second)
	assertFailure(t, o, DaemonUnreachable, "DOCKER_HOST")
}

func TestUnknownContextIsContextNotFound(t *testing.T) {
	cfg := dockerConfig(t)
	o := readAll(t, startWith(t, endpoint.Settings{ConfigDir: cfg, Context: "psd-no-such-context"}, "any", "true"), 30*time.Second)
	assertFailure(t, o, ContextNotFound, `"psd-no-such-context"`)
	assertMentions(t, o, "DOCKER_CONTEXT", "docker context ls")
}

func assertMentions(t *testing.T, o *outcome, words ...string) {
	t.Helper()
	if o.result.Err == nil {
		t.Fatal("no error")
	}
	for _, w := range words {
		if !strings.Contains(o.result.Err.Error(), w) {
			t.Errorf("%q does not mention %q", o.result.Err, w)
		}
	}
}
