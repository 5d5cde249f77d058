package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/client"
	"github.com/docker/docker/pkg/stdcopy"
)

// run is the whole exec story, in the background: create, attach, copy the
// demultiplexed stream into events in arrival order, then read the exit code.
func (x *Exec) run(req Request) {
	defer close(x.events)
	cli, err := clientFor(req.Env)
	if err != nil {
		x.fail(err)
		return
	}
	created, err := cli.ContainerExecCreate(x.ctx, req.Container, container.ExecOptions{
		AttachStdout: true,
		AttachStderr: true,
		Cmd:          req.Argv,
	})
	if err != nil {
		x.fail(explainCreateError(x.ctx, cli, err, req))
		return
	}
	x.id.Store(&created.ID)
	resp, err := cli.ContainerExecAttach(x.ctx, created.ID, container.ExecAttachOptions{})
	if err != nil {
		x.fail(classifyAPIError(err, req.Container, req.Env))
		return
	}
	defer resp.Close()
	// Closing the connection is the only way to end a blocked read.
	stopClosing := context.AfterFunc(x.ctx, resp.Close)
	defer stopClosing()
	if !x.send(event{started: true}) {
		return
	}

	stdout := &startErrorFilter{x: x}
	stderr := &podmanStartErrorFilter{x: x}
	_, err = stdcopy.StdCopy(stdout, stderr, resp.Reader)
	if x.ctx.Err() != nil {
		return // Read reports the timeout or the cancellation
	}
	if err != nil {
		x.fail(&Error{Kind: StreamBroken, Container: req.Container, Endpoint: x.Endpoint, Msg: "the output stream broke", Err: err})
		return
	}
	exit := waitExit(x.ctx, cli, created.ID)
	x.result.ExitCode, x.result.ExitKnown = exit.code, exit.known
	if e := stderr.startError(req, x.Endpoint, exit); e != nil {
		x.fail(e)
		return
	}
	if held := stderr.held; held != nil && !x.send(event{stream: Stderr, data: held}) {
		return
	}
	if held := stdout.held; held != nil {
		// Pid 0: no process was ever started, so the text is the daemon's.
		if stdout.holding && exit.known && exit.pid == 0 && exit.code != 0 {
			x.fail(startError(req, x.Endpoint, x.result.ExitCode, held))
			return
		}
		if !x.send(event{stream: Stdout, data: held}) {
			return
		}
	}
	x.ended = true
}

func (x *Exec) fail(err error) {
	x.result.Err = err
	x.ended = true
}

// send hands ev to the reader, giving up when the exec is stopped.
func (x *Exec) send(ev event) bool {
	select {
	case x.events <- ev:
		return true
	case <-x.ctx.Done():
		return false
	}
}

// streamWriter receives one demultiplexed stream from stdcopy.
type streamWriter struct {
	x      *Exec
	stream Stream
}

func (w streamWriter) Write(p []byte) (int, error) {
	// stdcopy reuses its buffer, so the event needs its own copy.
	if !w.x.send(event{stream: w.stream, data: append([]byte(nil), p...)}) {
		return 0, context.Cause(w.x.ctx)
	}
	return len(p), nil
}

// exitCodeBound is how long the daemon gets to report an exit code after the
// stream ended; past it the exit code is unknown, never 0.
const exitCodeBound = 5 * time.Second

type exitInfo struct {
	code  int
	known bool
	pid   int // 0 when the process never started
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
			return exitInfo{code: inspect.ExitCode, known: true, pid: inspect.Pid}
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
	if !isStateConflict(err) {
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
