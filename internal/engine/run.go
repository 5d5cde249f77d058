package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/client"
	"github.com/docker/docker/pkg/stdcopy"
)

// errReaderGone ends the copy when Close was called: nobody reads any more.
var errReaderGone = errors.New("the reader closed the command")

// run is the whole exec story, in the background: create, attach, copy the
// demultiplexed stream into events in arrival order, read the exit code.
// A timeout or cancel that lands before the stream ended is a stop, whatever
// error it caused on the way, and the process is ended (stop.go). run closes
// events once outcome and result are final.
func (x *Exec) run(req Request) {
	defer close(x.events)
	cli, err := clientFor(req.Env)
	if err != nil {
		x.outcome, x.result.Err = Failed, err
		return
	}
	streamEnded, err := x.execute(cli, req)
	switch {
	case err == nil:
		x.outcome = Ended
	case x.ctx.Err() != nil:
		x.outcome = x.stopStatus()
		// Without an exec ID no process was started; after the stream's
		// end the process is over by itself.
		if id := x.ID(); id != "" && !streamEnded {
			x.stop = x.endProcess(cli, req)
		}
	default:
		x.outcome, x.result.Err = Failed, err
	}
}

// execute runs req to its end and records the exit code. streamEnded says
// the output stream reached its end, which means the process is over.
func (x *Exec) execute(cli *client.Client, req Request) (streamEnded bool, err error) {
	created, err := cli.ContainerExecCreate(x.ctx, req.Container, container.ExecOptions{
		AttachStdout: true,
		AttachStderr: true,
		Cmd:          req.Argv,
		Env:          []string{x.Marker},
	})
	if err != nil {
		return false, explainCreateError(x.ctx, cli, err, req)
	}
	x.id.Store(&created.ID)
	resp, err := cli.ContainerExecAttach(x.ctx, created.ID, container.ExecAttachOptions{})
	if err != nil {
		return false, classifyAPIError(err, req.Container, req.Env)
	}
	defer resp.Close()
	// Closing the connection is the only way to end a blocked read.
	stopClosing := context.AfterFunc(x.ctx, resp.Close)
	defer stopClosing()
	if !x.send(event{started: true}) {
		return false, errReaderGone
	}

	stdout := &stdoutFilter{x: x, cli: cli, execID: created.ID}
	if _, err := stdcopy.StdCopy(stdout, streamWriter{x, Stderr}, resp.Reader); err != nil {
		return false, &Error{Kind: StreamBroken, Container: req.Container, Endpoint: x.Endpoint, Msg: "the output stream broke", Err: err}
	}
	// The process is over: a timeout from now on changes nothing, only a
	// cancel stops the wait for the exit code.
	exit := waitExit(x.userCtx, cli, created.ID)
	if err := x.userCtx.Err(); err != nil {
		return true, err
	}
	x.result.ExitCode, x.result.ExitKnown = exit.code, exit.known
	if stdout.neverStarted {
		return true, startError(req, x.Endpoint, exit.code, stdout.daemonText)
	}
	return true, nil
}

// streamWriter receives one demultiplexed stream from stdcopy.
type streamWriter struct {
	x      *Exec
	stream Stream
}

func (w streamWriter) Write(p []byte) (int, error) {
	// stdcopy reuses its buffer, so the event needs its own copy.
	if !w.x.send(event{stream: w.stream, data: append([]byte(nil), p...)}) {
		return 0, errReaderGone
	}
	return len(p), nil
}

// exitCodeBound is how long the daemon gets to report an exit code after the
// stream ended; past it the exit code is unknown, never 0.
const exitCodeBound = 5 * time.Second

type exitInfo struct {
	code  int
	known bool
}

func waitExit(ctx context.Context, cli *client.Client, execID string) exitInfo {
	deadline := time.Now().Add(exitCodeBound)
	delay := time.Millisecond
	for {
		inspect, err := cli.ContainerExecInspect(ctx, execID)
		if err != nil {
			return exitInfo{}
		}
		if !inspect.Running {
			return exitInfo{code: inspect.ExitCode, known: true}
		}
		if time.Now().After(deadline) {
			return exitInfo{}
		}
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return exitInfo{}
		}
		delay = min(2*delay, 100*time.Millisecond)
	}
}

// explainCreateError tells "not running", "paused" and "restarting" apart;
// the daemon reports all three as a conflict.
func explainCreateError(ctx context.Context, cli *client.Client, err error, req Request) error {
	if !cerrdefs.IsConflict(err) {
		return classifyAPIError(err, req.Container, req.Env)
	}
	e := &Error{Container: req.Container, Endpoint: req.Env.endpoint()}
	info, ierr := cli.ContainerInspect(ctx, req.Container)
	switch {
	case ierr != nil || info.State == nil:
		return classifyAPIError(err, req.Container, req.Env)
	case info.State.Paused:
		e.Kind = ContainerPaused
		e.Msg = fmt.Sprintf("container %s is paused; unpause it (docker unpause %s) and try again", req.Container, req.Container)
	case info.State.Restarting:
		e.Kind = ContainerRestarting
		e.Msg = fmt.Sprintf("container %s is restarting; wait until it is running and try again", req.Container)
	case !info.State.Running:
		e.Kind = ContainerNotRunning
		e.Msg = fmt.Sprintf("container %s is not running (status %s); start it (docker start %s) and try again", req.Container, info.State.Status, req.Container)
	default:
		return classifyAPIError(err, req.Container, req.Env)
	}
	return e
}
