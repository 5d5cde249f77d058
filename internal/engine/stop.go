package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/client"
	"github.com/psdocker/psdocker/internal/messages"
)

// The Engine API cannot signal an exec'd process, and closing its stream
// does not end it. So a stop goes to the container's stop helper
// (stophelper.go), a shell that PSDocker runs in the container and that
// ends the exec's processes from inside: SIGTERM, and SIGKILL to whatever
// is left after StopGrace. The exec is found through the daemon: exec
// inspect names its container by ID (not by a name that may have moved)
// and its first process by host PID, and docker top maps that PID to its
// autogroup, which every process of the exec shares and the helper can
// see. Its marker (PSDOCKER_EXEC_ID in the environment) finds the children
// that left the exec's session. A stop is reported as done only after the
// helper found nothing of it left and exec inspect says it ended.

// StopGrace is how long the processes get between SIGTERM and SIGKILL.
//
//contract:bound
const StopGrace = 2 * time.Second

// StopReportBound is how long a stopped command waits for its stop to be
// checked before it reports it unconfirmed; the stop itself goes on in the
// background for stopRetryBound, as long as this process lives. The cmdlet
// waits a little longer than this.
//
//contract:bound
const StopReportBound = StopGrace + 5*time.Second

const stopRetryBound = 5 * time.Minute

// StopState says what became of the process after a timeout or Stop.
//
//contract:enum
type StopState string

const (
	StopNotNeeded   StopState = "notNeeded"   // nothing of it was left: it had ended, or its container is gone
	StopEnded       StopState = "ended"       // its processes were ended, and it was checked that none is left
	StopUnconfirmed StopState = "unconfirmed" // the stop goes on, but was not checked in time (Detail says why)
	StopFailed      StopState = "failed"      // the stop could not end it: it may still be running (Detail says why)
)

// StopReport is how the process of a stopped command was ended; Detail says
// why when it could not be. It crosses the C ABI in CommandReport's "stop".
//
//contract:json
type StopReport struct {
	State        StopState `json:"state"`
	Detail       string    `json:"detail,omitempty"`
	GraceSeconds int       `json:"graceSeconds"` // between SIGTERM and SIGKILL
	Ended        int       `json:"ended"`        // processes ended, with StopEnded
}

// StopGraceSeconds is StopGrace in StopReport.GraceSeconds.
const StopGraceSeconds = int(StopGrace / time.Second)

// stopProcesses ends x's processes and waits, within StopReportBound, until
// that is checked.
func (x *Exec) stopProcesses(cli *client.Client) StopReport {
	reply := make(chan StopReport, 1)
	go func() { reply <- stopExec(cli, x.ID(), strings.TrimPrefix(x.Marker, markerName+"="), x.began) }()
	t := time.NewTimer(StopReportBound)
	defer t.Stop()
	select {
	case s := <-reply:
		return s
	case <-t.C:
		return StopReport{State: StopUnconfirmed, Detail: fmt.Sprintf(messages.StopNotConfirmed, StopReportBound)}
	}
}

// stopExec finds the exec's container and hands the stop to its helper.
func stopExec(cli *client.Client, execID, marker string, began time.Time) StopReport {
	ctx, cancel := context.WithTimeout(context.Background(), stopRetryBound)
	defer cancel()
	for delay := 100 * time.Millisecond; ; delay = min(2*delay, 2*time.Second) {
		inspect, err := cli.ContainerExecInspect(ctx, execID)
		switch {
		case err == nil:
			return stopperFor(cli, inspect.ContainerID).stop(execID, marker, began)
		case cerrdefs.IsNotFound(err):
			// The daemon forgets an exec with its container.
			return StopReport{State: StopNotNeeded, Detail: messages.StopContainerGone}
		}
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return StopReport{State: StopUnconfirmed, Detail: fmt.Sprintf(messages.StopDaemonSilent, err)}
		}
	}
}
