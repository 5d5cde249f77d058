package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
)

// OutputStream names the output stream a chunk came from: ReadCommandOutput's
// *stream.
//
//contract:enum
type OutputStream int32

const (
	Stdout OutputStream = 1
	Stderr OutputStream = 2
)

// Status is what one Read found: ReadCommandOutput's return value.
//
//contract:enum
type Status int32

const (
	Data          Status = 0  // n bytes of one stream were copied
	Pending       Status = 1  // nothing arrived within the wait
	Started       Status = 2  // the exec is created and attached: its ID is known
	Ended         Status = 3  // the command ended by itself; Result has the exit code
	Failed        Status = 4  // the command could not run; Result has the error
	TimedOut      Status = 5  // the timeout passed; StopReport says how the process was ended
	Stopped       Status = 6  // Stop or Close was called; StopReport likewise
	InvalidHandle Status = -1 // the C ABI's only: the handle is unknown
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
	errStopped  = errors.New("stopped")
)

// Exec is one command started in a container. Read and Stop may be called
// from different goroutines; Read itself is for one reader at a time.
type Exec struct {
	Container string
	Endpoint  string                 // the resolved endpoint as -Verbose shows it
	ep        endpoint.Endpoint      // resolved once, at Start: everything after uses it
	epErr     error                  // why it could not be resolved, if it could not
	Marker    string                 // NAME=VALUE in the command's environment; it finds the processes on a stop
	began     time.Time              // when Start was called: no process of it is older
	id        atomic.Pointer[string] // set by run before Started is delivered

	ctx        context.Context // ends on Stop, Close or the timeout
	userCtx    context.Context // ends on Stop or Close only
	cancel     context.CancelCauseFunc
	events     chan event    // closed by run once outcome and result are final
	outcome    Status        // run's verdict: Ended, Failed, TimedOut or Stopped
	result     Result        // written by run before events is closed
	stopReport StopReport    // likewise, after a timeout or Stop
	rest       event         // unread part of the last data event
	next       *event        // an event take received but did not hand out (another stream)
	ended      bool          // take found events closed; Read reports the outcome next
	reported   bool          // Read has returned the outcome; it repeats it
	readerGone chan struct{} // closed by Close: run stops handing out output
	input      *input        // the command's stdin; nil unless the request attaches it
	closeOnce  sync.Once
}

type event struct {
	started bool
	stream  OutputStream
	data    []byte
}

// markerName is the variable that marks every process of one exec.
const markerName = "PSDOCKER_EXEC_ID"

// Start validates req and starts it in the background; the outcome of
// creating the exec arrives through Read, so a slow or unreachable daemon
// never blocks the caller beyond its next Read.
func Start(req CommandRequest) (*Exec, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	userCtx, cancel := context.WithCancelCause(context.Background())
	ctx := userCtx
	if req.TimeoutMs > 0 {
		var stop context.CancelFunc
		ctx, stop = context.WithTimeoutCause(userCtx, req.timeout(), errTimedOut)
		context.AfterFunc(ctx, stop)
	}
	ep, resolveErr := resolve(req.Settings, req.Context)
	x := &Exec{
		Container:  req.Container,
		Endpoint:   shown(ep, req.Settings),
		ep:         ep,
		epErr:      resolveErr,
		Marker:     markerName + "=" + randomID(),
		began:      time.Now(),
		ctx:        ctx,
		userCtx:    userCtx,
		cancel:     cancel,
		events:     make(chan event, 16),
		readerGone: make(chan struct{}),
	}
	if req.Stdin {
		x.input = newInput()
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

// WriteInput queues what fits of p for the command's stdin and says how
// much that was: 0 when the queue is full (read output, then write again).
// errInputClosed: the input was closed, the command ended or was stopped, or
// it has no stdin; the bytes are dropped. For one writer at a time.
func (x *Exec) WriteInput(p []byte) (int, error) {
	if x.input == nil {
		return 0, errInputClosed
	}
	return x.input.write(p)
}

// CloseInput ends the command's stdin once what was written is sent.
func (x *Exec) CloseInput() {
	if x.input != nil {
		x.input.close()
	}
}

// Stop stops the command: the connection is closed and, if the process
// started, it is ended (see stop.go). Read then returns Stopped. Safe from
// any goroutine, any number of times.
func (x *Exec) Stop() { x.cancel(errStopped) }

// closeBound is how long Close waits for the stop to be reported.
const closeBound = StopReportBound + 500*time.Millisecond

// Close is Stop for a caller that will not read any more: it waits until
// the stop is checked (within closeBound), so the process is ended even if
// the caller's process exits right after.
func (x *Exec) Close() {
	x.Stop()
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
func (x *Exec) Read(buf []byte, wait time.Duration) (Status, OutputStream, int) {
	switch {
	case x.reported:
		return x.outcome, 0, 0
	case len(x.rest.data) > 0:
		return x.take(buf)
	case x.next != nil:
		ev := *x.next
		x.next = nil
		return x.deliver(buf, ev, true)
	case x.ended:
		return x.deliver(buf, event{}, false)
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

func (x *Exec) deliver(buf []byte, ev event, open bool) (Status, OutputStream, int) {
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

// take copies the rest of the current event into buf, then, without
// waiting, as much of the events already queued from the same stream as
// fits. A process writes in pieces of a few KiB; a caller across cgo then
// crosses once per buffer instead of once per piece. Arrival order is kept:
// an event of the other stream waits in next for the following Read.
func (x *Exec) take(buf []byte) (Status, OutputStream, int) {
	stream := x.rest.stream
	n := copy(buf, x.rest.data)
	x.rest.data = x.rest.data[n:]
	for n < len(buf) && len(x.rest.data) == 0 {
		select {
		case ev, open := <-x.events:
			switch {
			case !open:
				x.ended = true
			case ev.started || ev.stream != stream:
				x.next = &ev
			default:
				x.rest = ev
				m := copy(buf[n:], ev.data)
				x.rest.data = ev.data[m:]
				n += m
				continue
			}
		default:
		}
		break
	}
	return Data, stream, n
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

// stopStatus is the outcome of a stop: TimedOut or Stopped.
func (x *Exec) stopStatus() Status {
	if errors.Is(context.Cause(x.ctx), errTimedOut) {
		return TimedOut
	}
	return Stopped
}

// StopReport says how the process was ended, once Read has returned
// TimedOut or Stopped; false for any other outcome.
func (x *Exec) StopReport() (StopReport, bool) {
	if !x.reported || (x.outcome != TimedOut && x.outcome != Stopped) {
		return StopReport{}, false
	}
	r := x.stopReport
	r.GraceSeconds = StopGraceSeconds
	return r, true
}

// EndpointSource says what chose the endpoint (DOCKER_HOST, a context, ...).
func (x *Exec) EndpointSource() endpoint.EndpointSource { return x.ep.Source }

// shown is the endpoint as -Verbose and messages show it: the address, the
// context and what chose it; for one that could not be resolved, the address
// as given.
func shown(ep endpoint.Endpoint, s endpoint.Settings) string {
	if ep.Host == "" {
		return s.Host
	}
	return ep.String()
}
