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
	"github.com/psdocker/psdocker/internal/messages"
)

// errReaderGone ends the copy when Close was called: nobody reads any more.
var errReaderGone = errors.New("the reader closed the command")

// run is the whole exec story, in the background: create, attach, copy the
// demultiplexed stream into events in arrival order, read the exit code.
// A timeout or Stop that lands before the stream ended is a stop, whatever
// error it caused on the way, and the process is ended (stop.go). run closes
// events once outcome and result are final.
func (x *Exec) run(req CommandRequest) {
	defer close(x.events)
	if x.input != nil {
		defer x.input.breakOff() // whatever the outcome, no more input is taken
	}
	if x.epErr != nil {
		x.outcome, x.result.Err = Failed, x.epErr
		return
	}
	cli, err := clientFor(x.ep, req.Settings.APIVersion)
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
			x.stopReport = x.stopProcesses(cli)
		}
	default:
		x.outcome, x.result.Err = Failed, err
	}
}

// execute runs req to its end and records the exit code. streamEnded says
// the output stream reached its end, which means the process is over.
func (x *Exec) execute(cli *client.Client, req CommandRequest) (streamEnded bool, err error) {
	created, err := cli.ContainerExecCreate(x.ctx, req.Container, container.ExecOptions{
		AttachStdin:  req.Stdin,
		AttachStdout: true,
		AttachStderr: true,
		Cmd:          req.Argv,
		Env:          append([]string{x.Marker}, req.Environment...),
		User:         req.User,
		WorkingDir:   req.WorkingDir,
		Privileged:   req.Privileged,
	})
	if err != nil {
		return false, x.explainCreateError(cli, err, req)
	}
	x.id.Store(&created.ID)
	resp, err := cli.ContainerExecAttach(x.ctx, created.ID, container.ExecAttachOptions{})
	if err != nil {
		return false, classifyAPIError(err, req.Container, x.ep)
	}
	defer resp.Close()
	// Closing the connection is the only way to end a blocked read.
	stopClosing := context.AfterFunc(x.ctx, resp.Close)
	defer stopClosing()
	if !x.send(event{started: true}) {
		return false, errReaderGone
	}
	if x.input != nil {
		// The pump ends by itself: when the input is closed and sent, or at
		// the first failed write once resp is closed.
		go x.input.pump(resp.Conn, resp.CloseWrite, x.ctx.Done())
		// When the output ends, the command no longer reads either.
		defer x.input.breakOff()
	}

	stdout := &stdoutFilter{x: x, cli: cli, execID: created.ID}
	stderr := &podmanStartErrorFilter{x: x, cli: cli, execID: created.ID}
	defer stderr.release() // unless it was Podman's start error, it is output
	if _, err := stdcopy.StdCopy(stdout, stderr, resp.Reader); err != nil {
		return false, x.connectionLost(req, err)
	}
	// The stream ended: the process is over, or the daemon went away. A
	// timeout from now on changes nothing; only Stop or Close ends the wait.
	exit, err := waitExit(x.userCtx, cli, created.ID)
	if err := x.userCtx.Err(); err != nil {
		return true, err
	}
	if client.IsErrConnectionFailed(err) {
		return true, x.connectionLost(req, err)
	}
	x.result.ExitCode, x.result.ExitKnown = exit.code, exit.known
	if stdout.neverStarted {
		return true, startError(req, x.Endpoint, exit.code, stdout.daemonText)
	}
	if e := stderr.startError(req, x.Endpoint, exit); e != nil {
		return true, e
	}
	return true, nil
}

// streamWriter receives one demultiplexed stream from stdcopy.
type streamWriter struct {
	x      *Exec
	stream OutputStream
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

// waitExit polls exec inspect until the process is reported ended. An error
// from the daemon, or running past exitCodeBound, leaves the code unknown.
func waitExit(ctx context.Context, cli *client.Client, execID string) (exitInfo, error) {
	deadline := time.Now().Add(exitCodeBound)
	delay := time.Millisecond
	for {
		inspect, err := cli.ContainerExecInspect(ctx, execID)
		if err != nil {
			return exitInfo{}, err
		}
		if !inspect.Running {
			return exitInfo{code: inspect.ExitCode, known: true}, nil
		}
		if time.Now().After(deadline) {
			return exitInfo{}, nil
		}
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return exitInfo{}, ctx.Err()
		}
		delay = min(2*delay, 100*time.Millisecond)
	}
}

// execEnded asks the daemon once whether the exec has ended; one it has
// forgotten (with its container) has. err: the daemon cannot say.
func execEnded(ctx context.Context, cli *client.Client, execID string) (bool, error) {
	inspect, err := cli.ContainerExecInspect(ctx, execID)
	switch {
	case cerrdefs.IsNotFound(err):
		return true, nil
	case err != nil:
		return false, err
	}
	return !inspect.Running, nil
}

// connectionLost is the error for a daemon that went away while the command
// ran (killed, restarted, network gone): what arrived before was delivered.
func (x *Exec) connectionLost(req CommandRequest, err error) *Error {
	return &Error{Kind: StreamBroken, Container: req.Container, Endpoint: x.Endpoint, Err: err,
		Msg: fmt.Sprintf(messages.ConnectionBroke, x.Endpoint)}
}

// explainCreateError tells "not running", "paused" and "restarting" apart;
// the daemon reports all three as a state conflict.
func (x *Exec) explainCreateError(cli *client.Client, err error, req CommandRequest) error {
	if !isStateConflict(err) {
		return classifyAPIError(err, req.Container, x.ep)
	}
	e := &Error{Container: req.Container, Endpoint: x.Endpoint}
	info, ierr := cli.ContainerInspect(x.ctx, req.Container)
	switch {
	case ierr != nil || info.State == nil:
		return classifyAPIError(err, req.Container, x.ep)
	case info.State.Paused:
		e.Kind = ContainerPaused
		e.Msg = fmt.Sprintf(messages.ContainerPaused, req.Container, req.Container)
	case info.State.Restarting:
		e.Kind = ContainerRestarting
		e.Msg = fmt.Sprintf(messages.ContainerRestarting, req.Container)
	case !info.State.Running:
		e.Kind = ContainerNotRunning
		e.Msg = fmt.Sprintf(messages.ContainerNotRunning, req.Container, info.State.Status, req.Container)
	default:
		return classifyAPIError(err, req.Container, x.ep)
	}
	return e
}
