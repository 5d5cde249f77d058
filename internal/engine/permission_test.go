//go:build unix

package engine

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// The socket is root:docker 0660, so user nobody is refused. The test binary
// runs itself again as nobody to see that refusal for real.
func TestPermissionDeniedOnSocket(t *testing.T) {
	if os.Getenv("PSD_TEST_AS_NOBODY") == "1" {
		o := readAll(t, start(t, "any", 0, "true"), 30*time.Second)
		assertFailure(t, o, DaemonPermissionDenied, "permission denied")
		return
	}
	if os.Getuid() != 0 {
		t.Skip("needs root to run a copy of itself as user nobody")
	}
	if h := os.Getenv("DOCKER_HOST"); h != "" && h != "unix:///var/run/docker.sock" {
		t.Skip("the daemon is not on the default socket")
	}
	dir, err := os.MkdirTemp("", "psd-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	self, _ := os.Executable()
	bin := filepath.Join(dir, "engine.test")
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	cmd := exec.Command(bin, "-test.run=^TestPermissionDeniedOnSocket$", "-test.v")
	cmd.Env = append(os.Environ(), "PSD_TEST_AS_NOBODY=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
}
