package engine

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
)

// Stream names the output stream a chunk came from.
type Stream int

const (
	Stdout Stream = 1
	Stderr Stream = 2
)

// Status is what one Read found.
type Status int

const (
	Data     Status = iota // n bytes of stream output were copied
	Pending                // nothing arrived within the wait
	Started                // the exec is created and attached: ID is known
	Ended                  // the stream ended; Result has the exit code
	Failed                 // the command could not run; Result has the error
	TimedOut               // Request.Timeout passed; the process may still run
	Canceled               // Cancel was called
)

// Result is the outcome, complete once Read has returned Ended or Failed.
type Result struct {
	ExitCode  int
	ExitKnown bool  // false when the daemon did not report one in time
	Err       error // non-nil with Failed
}

// Errors given as the cause of the exec's context.
var (
	errTimedOut = errors.New("timed out")
	errCanceled = errors.New("canceled")
)

// Exec is one command started in a container. Read and Cancel may be called
// from different goroutines; Read itself is for one reader at a time.
type Exec struct {
	Container string
	Endpoint  string
	id        atomic.Pointer[string] // set by run before Started is delivered

	ctx    context.Context
	cancel context.CancelCauseFunc
	events chan event // closed by run when the stream has ended
	result Result     // written by run before events is closed
	ended  bool       // set by run, before closing events, when result is complete
	rest   event      // unread part of the last data event

	finished bool   // a terminal status was returned
	done     Status // that status; Read repeats it
}

type event struct {
	started bool
	stream  Stream
	data    []byte
}

// Start validates req and starts it in the background; the outcome of
// creating the exec arrives through Read, so a slow or unreachable daemon
// never blocks the caller beyond its next Read.
func Start(req Request) (*Exec, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	if req.Timeout > 0 {
		var stop context.CancelFunc
		ctx, stop = context.WithTimeoutCause(ctx, req.Timeout, errTimedOut)
		context.AfterFunc(ctx, stop)
	}
	x := &Exec{
		Container: req.Container,
		Endpoint:  req.Env.endpoint(),
		ctx:       ctx,
		cancel:    cancel,
		events:    make(chan event, 16),
	}
	go x.run(req)
	return x, nil
}

// ID is the exec ID, known once Read has returned Started.
func (x *Exec) ID() string {
	if id := x.id.Load(); id != nil {
		return *id
	}
	return ""
}

// Cancel stops waiting for the command and closes the connection. It does
// not end the process in the container: the Engine API cannot.
func (x *Exec) Cancel() { x.cancel(errCanceled) }

// Result is meaningful after Read returned Ended or Failed.
func (x *Exec) Result() Result { return x.result }

// Read copies the next output into buf, waiting at most wait for it.
func (x *Exec) Read(buf []byte, wait time.Duration) (Status, Stream, int) {
	if x.finished {
		return x.done, 0, 0
	}
	if len(x.rest.data) > 0 {
		return x.take(buf)
	}
	if x.ctx.Err() != nil {
		return x.stopped(buf)
	}
	var timeout <-chan time.Time // nil (never ready) means: do not wait
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case ev, ok := <-x.events:
		return x.deliver(buf, ev, ok)
	case <-x.ctx.Done():
		return x.stopped(buf)
	default:
	}
	if timeout == nil {
		return Pending, 0, 0
	}
	select {
	case ev, ok := <-x.events:
		return x.deliver(buf, ev, ok)
	case <-x.ctx.Done():
		return x.stopped(buf)
	case <-timeout:
		return Pending, 0, 0
	}
}

func (x *Exec) deliver(buf []byte, ev event, ok bool) (Status, Stream, int) {
	switch {
	case !ok && !x.ended:
		return x.finish(x.stopStatus()), 0, 0
	case !ok && x.result.Err != nil:
		return x.finish(Failed), 0, 0
	case !ok:
		return x.finish(Ended), 0, 0
	case ev.started:
		return Started, 0, 0
	}
	x.rest = ev
	return x.take(buf)
}

func (x *Exec) take(buf []byte) (Status, Stream, int) {
	n := copy(buf, x.rest.data)
	x.rest.data = x.rest.data[n:]
	return Data, x.rest.stream, n
}

func (x *Exec) finish(s Status) Status {
	x.finished, x.done = true, s
	return s
}

// stopped still hands out what arrived before the timeout or cancellation,
// and the end itself if the command finished first; then the stop.
func (x *Exec) stopped(buf []byte) (Status, Stream, int) {
	select {
	case ev, ok := <-x.events:
		return x.deliver(buf, ev, ok)
	default:
		return x.finish(x.stopStatus()), 0, 0
	}
}

func (x *Exec) stopStatus() Status {
	if errors.Is(context.Cause(x.ctx), errTimedOut) {
		return TimedOut
	}
	return Canceled
}
