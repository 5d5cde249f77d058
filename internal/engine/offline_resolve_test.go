//go:build linux

package engine

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// The endpoint is resolved once per call, at Start: the client, the error
// messages and -Verbose all use that one resolution, so config.json is read
// once a call. inotify counts the opens of config.json.
func TestOfflineTheEndpointIsResolvedOncePerCall(t *testing.T) {
	cases := []struct {
		name string
		c    fakeConfig
		want Status
	}{
		{"ended", fakeConfig{daemon: "docker", exec: orderScript("docker")}, Ended},
		{"refused: no such container", fakeConfig{daemon: "docker", refusal: "docker-exec-create-missing.404.json"}, Failed},
		{"refused: paused", fakeConfig{daemon: "docker", refusal: "docker-exec-create-paused.409.json", container: "docker-container-paused.json"}, Failed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := newFakeDaemon(t, tc.c)
			reads := countReads(t, filepath.Join(d.settings.ConfigDir, "config.json"))
			x := d.start(t, "psd-rec-run", 0, "sh", "-c", "echo out1; echo err1 >&2; echo out2; exit 3")
			if o := readAll(t, x, 10*time.Second); o.status != tc.want {
				t.Fatalf("status %v (%v), want %v", o.status, o.result.Err, tc.want)
			}
			if n := reads(); n != 1 {
				t.Errorf("config.json was read %d times in one call, want once", n)
			}
		})
	}
}

// countReads counts, with inotify, how often the file at path is opened
// from now on.
func countReads(t *testing.T, path string) func() int {
	t.Helper()
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC | syscall.IN_NONBLOCK)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	// Closes too: inotify merges an event into an unread identical one, so
	// open, open would count once; open, close, open, close counts twice.
	if _, err := syscall.InotifyAddWatch(fd, path, syscall.IN_OPEN|syscall.IN_CLOSE); err != nil {
		t.Fatal(err)
	}
	count := 0
	return func() int {
		buf := make([]byte, 64<<10)
		for {
			n, err := syscall.Read(fd, buf)
			if err != nil || n <= 0 {
				return count // EAGAIN: every open so far is counted
			}
			for off := 0; off+syscall.SizeofInotifyEvent <= n; {
				e := (*syscall.InotifyEvent)(unsafe.Pointer(&buf[off]))
				if e.Mask&syscall.IN_OPEN != 0 {
					count++
				}
				off += syscall.SizeofInotifyEvent + int(e.Len)
			}
		}
	}
}
