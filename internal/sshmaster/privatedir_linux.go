package sshmaster

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// A unix socket path has room for 107 bytes; ctl and docker.sock go in the
// directory, and ssh adds a suffix to ctl while it binds it.
const maxDirLength = 80

var sweepOnce sync.Once

// privateDir makes a 0700 directory for one master's sockets, named after
// this process so that directories left by a process that died can be
// swept. Only this user can reach the sockets in it: whoever can connect to
// the forwarded socket can run anything the remote daemon can.
func privateDir() (string, error) {
	parent := os.TempDir()
	if len(parent) > maxDirLength-30 {
		parent = "/tmp"
	}
	sweepOnce.Do(func() { sweep(parent) })
	return os.MkdirTemp(parent, fmt.Sprintf("psdocker-ssh-%d-", os.Getpid()))
}

// sweep removes this user's master directories whose process is gone. A
// master ends with its process, but ssh may leave its sockets behind.
func sweep(parent string) {
	dirs, _ := filepath.Glob(filepath.Join(parent, "psdocker-ssh-*-*"))
	for _, dir := range dirs {
		pid, err := strconv.Atoi(strings.Split(filepath.Base(dir), "-")[2])
		if err != nil || pid == os.Getpid() || syscall.Kill(pid, 0) != syscall.ESRCH {
			continue
		}
		var st syscall.Stat_t
		if syscall.Lstat(dir, &st) == nil && st.Uid == uint32(os.Getuid()) {
			os.RemoveAll(dir)
		}
	}
}
