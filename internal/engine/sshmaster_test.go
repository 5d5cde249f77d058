//go:build linux

package engine

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
)

// Over ssh:// the library keeps one ssh connection per endpoint
// (internal/sshmaster). What the server sees proves it: sshd logs one
// "Accepted publickey" line per login.

// sshCase is a test's sshd, container and settings, and the logins sshd.sh
// made to check the server, which the test does not count.
type sshCase struct {
	server   *sshServer
	web      string
	settings endpoint.Settings
	setup    int
}

func newSSHCase(t *testing.T, sshdOptions ...string) sshCase {
	s := startSSH(t, sshdOptions...)
	c := sshCase{server: s, setup: logins(t, s)}
	c.web = offlineContainer(t)
	c.settings = endpoint.Settings{ConfigDir: dockerConfig(t), Host: s.url()}
	return c
}

// logins counts the logins since the server was started and checked.
func (c sshCase) logins(t *testing.T) int { return logins(t, c.server) - c.setup }

func logins(t *testing.T, s *sshServer) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.dir, "sshd.log"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "Accepted publickey for "+s.user)
}

// masterDirs are this process's master directories.
func masterDirs(t *testing.T) []string {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), fmt.Sprintf("psdocker-ssh-%d-*", os.Getpid())))
	return dirs
}

func echoCalls(t *testing.T, s endpoint.Settings, web string, n int) {
	t.Helper()
	for i := range n {
		echoThrough(t, s, web, fmt.Sprintf("call-%d", i))
	}
}

func TestSSHCallsShareOneLogin(t *testing.T) {
	c := newSSHCase(t)
	echoCalls(t, c.settings, c.web, 5)
	// A stop runs a second exec while the first is attached: two connections at once.
	x := startWith(t, c.settings, c.web, "sh", "-c", "echo up; sleep 343")
	readUntilData(t, x, "up\n")
	x.Stop()
	readAll(t, x, 60*time.Second)
	assertStop(t, x, StopEnded)
	if n := c.logins(t); n != 1 {
		t.Errorf("%d ssh logins for 6 calls and a stop, want 1", n)
	}
}

func TestSSHMasterSocketsArePrivate(t *testing.T) {
	c := newSSHCase(t)
	echoCalls(t, c.settings, c.web, 1)
	dirs := masterDirs(t)
	if len(dirs) == 0 {
		t.Fatal("no master directory")
	}
	for _, dir := range dirs {
		var st syscall.Stat_t
		if err := syscall.Lstat(dir, &st); err != nil {
			continue // a master of an earlier test, ended and removed
		}
		if st.Mode&0o777 != 0o700 || st.Uid != uint32(os.Getuid()) {
			t.Errorf("%s: mode %o owner %d, want 700 and %d", dir, st.Mode&0o777, st.Uid, os.Getuid())
		}
	}
}

func TestSSHMasterIsStartedAgainAfterItDied(t *testing.T) {
	c := newSSHCase(t)
	echoCalls(t, c.settings, c.web, 1)
	// The connection dies as a dropped network would end it: the server
	// side of the session is killed, and the master, told, exits.
	if err := exec.Command("pkill", "-KILL", "-u", c.server.user).Run(); err != nil {
		t.Fatalf("pkill -u %s: %v", c.server.user, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for exec.Command("pgrep", "-f", "-M .* -- "+c.server.alias).Run() == nil {
		if time.Now().After(deadline) {
			t.Fatal("the master outlived its connection by 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	echoCalls(t, c.settings, c.web, 3)
	if n := c.logins(t); n != 2 {
		t.Errorf("%d logins, want 2: the first master and the one after it died", n)
	}
}

func TestSSHWithoutSocketForwardingRunsDialStdioThroughTheMaster(t *testing.T) {
	c := newSSHCase(t, "AllowStreamLocalForwarding no")
	echoCalls(t, c.settings, c.web, 3)
	o := readAll(t, startWith(t, c.settings, c.web, "sh", "-c", "echo out; echo err >&2; exit 5"), 60*time.Second)
	if o.stdout.String() != "out\n" || o.stderr.String() != "err\n" || o.result.ExitCode != 5 {
		t.Errorf("stdout %q stderr %q exit %d", o.stdout.String(), o.stderr.String(), o.result.ExitCode)
	}
	if n := c.logins(t); n != 1 {
		t.Errorf("%d ssh logins, want 1", n)
	}
}
