package sshmaster

import (
	"os/exec"
	"runtime"
	"sync"
)

type spawnRequest struct {
	cmd  *exec.Cmd
	done chan error
}

var (
	spawnRequests = make(chan spawnRequest)
	spawnOnce     sync.Once
)

// spawn starts cmd from a thread that lives as long as the process.
// PR_SET_PDEATHSIG fires when the thread that forked the child ends, not the
// process (prctl(2)), and Go ends a thread whose locked goroutine returns;
// a child forked from a caller's thread (here often a .NET thread pool
// thread) could be killed while still in use. The spawner never returns.
func spawn(cmd *exec.Cmd) error {
	spawnOnce.Do(func() { go spawner() })
	r := spawnRequest{cmd: cmd, done: make(chan error, 1)}
	spawnRequests <- r
	return <-r.done
}

func spawner() {
	runtime.LockOSThread()
	for r := range spawnRequests {
		r.done <- r.cmd.Start()
	}
}
