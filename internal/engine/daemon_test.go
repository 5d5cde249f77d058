package engine

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
)

// privateDaemon is a dockerd of the test's own, on its own socket and
// folders, that the test may kill and restart; the shared daemon is never
// touched. Its containers run with --network none, but it still gets a
// bridge of its own: a dockerd with --bridge=none deletes docker0, the
// shared daemon's. The bridge is addressed inside 127/8, so its route
// shadows nothing, and there are no iptables rules. vfs storage leaves no
// overlay mounts behind.
type privateDaemon struct {
	dir    string
	host   string // unix://<dir>/docker.sock
	bridge string
	cmd    *exec.Cmd
}

func startPrivateDaemon(t testing.TB) *privateDaemon {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("starting a dockerd needs root")
	}
	dir, err := os.MkdirTemp("", "psd-dockerd-")
	if err != nil {
		t.Fatal(err)
	}
	d := &privateDaemon{dir: dir, host: "unix://" + filepath.Join(dir, "docker.sock"), bridge: "psdbr" + filepath.Base(dir)[len("psd-dockerd-"):]}
	t.Cleanup(d.remove)
	n := rand.IntN(250 * 60)
	for _, args := range [][]string{
		{"link", "add", d.bridge, "type", "bridge"},
		{"addr", "add", fmt.Sprintf("127.254.%d.%d/30", n/60, 1+4*(n%60)), "dev", d.bridge},
	} {
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			t.Fatalf("ip %v: %v %s", args, err, out)
		}
	}
	d.start(t)
	// The test image, copied from the shared daemon.
	save := exec.Command("docker", "save", testImage)
	load := exec.Command("docker", "-H", d.host, "load", "-q")
	load.Stdin, _ = save.StdoutPipe()
	if err := load.Start(); err != nil {
		t.Fatal(err)
	}
	if err := save.Run(); err != nil {
		t.Fatal(err)
	}
	if err := load.Wait(); err != nil {
		t.Fatalf("docker load: %v", err)
	}
	return d
}

func (d *privateDaemon) start(t testing.TB) {
	t.Helper()
	log, err := os.OpenFile(filepath.Join(d.dir, "dockerd.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	d.cmd = exec.Command("dockerd",
		"--data-root", filepath.Join(d.dir, "root"), "--exec-root", filepath.Join(d.dir, "exec"),
		"--pidfile", filepath.Join(d.dir, "docker.pid"), "-H", d.host,
		"--bridge", d.bridge, "--iptables=false", "--ip6tables=false", "--ip-masq=false", "--ip-forward=false",
		"--storage-driver", "vfs")
	d.cmd.Stdout, d.cmd.Stderr = log, log
	if err := d.cmd.Start(); err != nil {
		t.Fatalf("dockerd: %v", err)
	}
	go d.cmd.Wait() // reaps it whenever it ends, killed or not
	for deadline := time.Now().Add(30 * time.Second); exec.Command("docker", "-H", d.host, "version").Run() != nil; {
		if time.Now().After(deadline) {
			out, _ := os.ReadFile(filepath.Join(d.dir, "dockerd.log"))
			t.Fatalf("dockerd did not start:\n%s", out)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// kill ends dockerd and the containerd it started with SIGKILL, as a crash
// of the daemon would; the next start cleans up after them.
func (d *privateDaemon) kill(t testing.TB) (killed time.Time) {
	t.Helper()
	killed = time.Now()
	d.cmd.Process.Signal(syscall.SIGKILL)
	pidFile := filepath.Join(d.dir, "exec", "containerd", "containerd.pid")
	if pid, err := os.ReadFile(pidFile); err == nil {
		exec.Command("kill", "-KILL", strings.TrimSpace(string(pid))).Run()
		// The next dockerd would wait for a containerd it finds alive.
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if _, err := os.Stat("/proc/" + strings.TrimSpace(string(pid))); err != nil {
				break
			}
		}
		os.Remove(pidFile)
	}
	for deadline := time.Now().Add(10 * time.Second); exec.Command("docker", "-H", d.host, "version").Run() == nil; {
		if time.Now().After(deadline) {
			t.Fatal("dockerd still answers after SIGKILL")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return killed
}

func (d *privateDaemon) docker(t testing.TB, args ...string) string {
	t.Helper()
	return docker(t, append([]string{"-H", d.host}, args...)...)
}

func (d *privateDaemon) container(t testing.TB) string {
	t.Helper()
	name := uniqueName(t)
	d.docker(t, "run", "-d", "--network", "none", "--name", name, testImage, "sleep", "86400")
	return name
}

// remove stops dockerd, its containerd and their shims (each names the
// exec root in its arguments), unmounts what is left and deletes the folder.
func (d *privateDaemon) remove() {
	if os.Getenv("PSD_KEEP") != "" {
		return
	}
	if d.cmd != nil && d.cmd.Process != nil {
		d.cmd.Process.Signal(syscall.SIGTERM)
	}
	time.Sleep(time.Second)
	exec.Command("pkill", "-KILL", "-f", d.dir).Run()
	mounts, _ := os.ReadFile("/proc/mounts")
	var ours []string
	for _, line := range strings.Split(string(mounts), "\n") {
		if f := strings.Fields(line); len(f) > 1 && strings.HasPrefix(f[1], d.dir) {
			ours = append(ours, f[1])
		}
	}
	// umount(8), not syscall.Unmount: the suite is also built for Windows
	// (tests/platforms), where these tests skip.
	for i := len(ours) - 1; i >= 0; i-- {
		exec.Command("umount", "-l", ours[i]).Run()
	}
	exec.Command("ip", "link", "del", d.bridge).Run()
	os.RemoveAll(d.dir)
}

func (d *privateDaemon) env() endpoint.Settings { return endpoint.Settings{Host: d.host} }
