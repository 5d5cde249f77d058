package engine

import (
	"context"
	_ "embed"
	"fmt"
	"strconv"
	"time"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/client"
)

// The Engine API cannot signal an exec'd process, and closing its stream
// does not end it. So a stop runs a second, short exec in the container:
// stop.sh finds every process whose environment holds the exec's marker
// (children inherit it) and their descendants, sends SIGTERM, and SIGKILL
// to whatever is left after stopGrace. It is started detached and does its
// waiting inside the container, so once the daemon has started it nothing
// depends on this process living on. It needs /bin/sh and grep in the
// container; without them the stop is reported as failed.

//go:embed stop.sh
var stopScript string

// stopGrace is how long the processes get between SIGTERM and SIGKILL.
const stopGrace = 2 * time.Second

// stopConfirmBound is how long a stop waits for the daemon to confirm that
// the stop exec runs, so that Ctrl+C returns promptly even from a slow
// daemon; the request itself goes on in the background for stopRequestBound.
const (
	stopConfirmBound = 300 * time.Millisecond
	stopRequestBound = 10 * time.Second
)

// StopState says what became of the process after a timeout or cancel.
type StopState int

const (
	StopNotNeeded   StopState = iota // no process runs: it never started, or its container is gone
	StopSent                         // the stop exec runs: SIGTERM now, SIGKILL after stopGrace
	StopUnconfirmed                  // the stop exec was requested; the daemon did not confirm it in time
	StopFailed                       // the stop exec could not run: the process may still be running
)

// Stop is how the process was ended; Detail says why when it could not be.
type Stop struct {
	State  StopState
	Detail string
}

// StopGraceSeconds is stopGrace for messages and help.
const StopGraceSeconds = int(stopGrace / time.Second)

func (x *Exec) endProcess(cli *client.Client, req Request) Stop {
	reply := make(chan Stop, 1)
	go func() { reply <- requestStop(cli, req, x.Marker) }()
	t := time.NewTimer(stopConfirmBound)
	defer t.Stop()
	select {
	case s := <-reply:
		return s
	case <-t.C:
		return Stop{State: StopUnconfirmed, Detail: fmt.Sprintf("the daemon did not confirm the stop within %v", stopConfirmBound)}
	}
}

func requestStop(cli *client.Client, req Request, marker string) Stop {
	ctx, cancel := context.WithTimeout(context.Background(), stopRequestBound)
	defer cancel()
	// The stop exec runs as the command did (the container's user): only
	// the same user may read the processes' environments.
	created, err := cli.ContainerExecCreate(ctx, req.Container, container.ExecOptions{
		Cmd: []string{"/bin/sh", "-c", stopScript, "psdocker-stop", marker, strconv.Itoa(StopGraceSeconds)},
	})
	if err != nil {
		switch err := explainCreateError(ctx, cli, err, req); KindOf(err) {
		case ContainerNotFound, ContainerNotRunning:
			return Stop{State: StopNotNeeded, Detail: err.Error()}
		default:
			return Stop{State: StopFailed, Detail: err.Error()}
		}
	}
	if err := cli.ContainerExecStart(ctx, created.ID, container.ExecStartOptions{Detach: true}); err != nil {
		return Stop{State: StopFailed, Detail: "the stop exec, which needs /bin/sh and grep in the container, could not start: " + err.Error()}
	}
	return Stop{State: StopSent}
}
