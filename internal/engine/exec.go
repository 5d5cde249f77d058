package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sync"
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
	TimedOut               // Request.Timeout passed; Stopped says how the process was ended
	Canceled               // Cancel or Close was called; Stopped likewise
)

// Result is the outcome, complete once Read has returned a status other
// than Data, Pending or Started.
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
	Marker    string                 // NAME=VALUE in the command's environment; it finds the processes on a stop
	began     time.Time              // when Start was called: no process of it is older
	id        atomic.Pointer[string] // set by run before Started is delivered

	ctx        context.Context // ends on Cancel, Close or the timeout
	userCtx    context.Context // ends on Cancel or Close only
	cancel     context.CancelCauseFunc
	events     chan event    // closed by run once outcome and result are final
	outcome    Status        // run's verdict: Ended, Failed, TimedOut or Canceled
	result     Result        // written by run before events is closed
	stop       Stop          // likewise, after a timeout or cancel
	rest       event         // unread part of the last data event
	reported   bool          // Read has returned the outcome; it repeats it
	readerGone chan struct{} // closed by Close: run stops handing out output
	closeOnce  sync.Once
}

type event struct {
	started bool
	stream  Stream
	data    []byte
}

// markerName is the variable that marks every process of one exec.
const markerName = "PSDOCKER_EXEC_ID"

// Start validates req and starts it in the background; the outcome of
// creating the exec arrives through Read, so a slow or unreachable daemon
// never blocks the caller beyond its next Read.
func Start(req Request) (*Exec, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	userCtx, cancel := context.WithCancelCause(context.Background())
	ctx := userCtx
	if req.Timeout > 0 {
		var stop context.CancelFunc
		ctx, stop = context.WithTimeoutCause(userCtx, req.Timeout, errTimedOut)
		context.AfterFunc(ctx, stop)
	}
	x := &Exec{
		Container:  req.Container,
		Endpoint:   req.Env.endpoint(),
		Marker:     markerName + "=" + randomID(),
		began:      time.Now(),
		ctx:        ctx,
		userCtx:    userCtx,
		cancel:     cancel,
		events:     make(chan event, 16),
		readerGone: make(chan struct{}),
	}
	go x.run(req)
	return x, nil
}

func randomID() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// ID is the exec ID, known once Read has returned Started.
func (x *Exec) ID() string {
	if id := x.id.Load(); id != nil {
		return *id
	}
	return ""
}

// Cancel stops the command: the connection is closed and, if the process
// started, it is ended (see stop.go). Read then returns Canceled. Safe from
// any goroutine, any number of times.
func (x *Exec) Cancel() { x.cancel(errCanceled) }

// closeBound is how long Close waits for the stop to be reported.
const closeBound = stopReportBound + 500*time.Millisecond

// Close is Cancel for a caller that will not read any more: it waits until
// the stop is checked (within closeBound), so the process is ended even if
// the caller's process exits right after.
func (x *Exec) Close() {
	x.Cancel()
	x.closeOnce.Do(func() { close(x.readerGone) })
	t := time.NewTimer(closeBound)
	defer t.Stop()
	for {
		select {
		case _, open := <-x.events:
			if !open {
				return
			}
		case <-t.C:
			return
		}
	}
}

// Result is meaningful once Read has returned the outcome.
func (x *Exec) Result() Result { return x.result }

// Read copies the next output into buf, waiting at most wait for it. Output
// that arrived before a stop is still handed out, then the stop itself.
func (x *Exec) Read(buf []byte, wait time.Duration) (Status, Stream, int) {
	if x.reported {
		return x.outcome, 0, 0
	}
	if len(x.rest.data) > 0 {
		return x.take(buf)
	}
	select {
	case ev, open := <-x.events:
		return x.deliver(buf, ev, open)
	default:
	}
	if wait <= 0 {
		return Pending, 0, 0
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case ev, open := <-x.events:
		return x.deliver(buf, ev, open)
	case <-t.C:
		return Pending, 0, 0
	}
}

func (x *Exec) deliver(buf []byte, ev event, open bool) (Status, Stream, int) {
	switch {
	case !open:
		x.reported = true
		return x.outcome, 0, 0
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

// send hands ev to the reader, also after a stop, until the reader is gone.
func (x *Exec) send(ev event) bool {
	select {
	case x.events <- ev:
		return true
	case <-x.readerGone:
		return false
	}
}

// stopStatus is the outcome of a stop: TimedOut or Canceled.
func (x *Exec) stopStatus() Status {
	if errors.Is(context.Cause(x.ctx), errTimedOut) {
		return TimedOut
	}
	return Canceled
}

// Stopped reports how the process was ended, once Read has returned
// TimedOut or Canceled; false for any other outcome.
func (x *Exec) Stopped() (Stop, bool) {
	if !x.reported || (x.outcome != TimedOut && x.outcome != Canceled) {
		return Stop{}, false
	}
	return x.stop, true
}
