package engine

import (
	"errors"
	"io"
	"sync"
	"time"
)

// The command's stdin. The caller writes input without ever blocking: a
// write takes what fits in a bounded buffer and says how much that was, and
// a caller whose write was not all taken reads output before it writes
// again, so a command that writes more than it reads cannot deadlock the
// two. One goroutine (pump) moves the buffer to the connection; a write to
// the connection that blocks blocks only that goroutine.

// A write smaller than inputBatch waits up to inputLinger for more input
// before it goes: a fast upstream's small writes (a line each) then go as a
// few large ones, as a pipe's buffer would gather them, at a cost of at most
// inputLinger of latency for a slow one.
const (
	inputBatch  = 32 << 10
	inputLinger = time.Millisecond
)

// inputBound is how much input may wait for the command, besides what the
// pump is writing (up to as much again): enough to keep the connection busy
// between two writes of the caller, small enough to keep memory flat
// whatever the input's size.
const inputBound = 1 << 20

// errInputClosed: the command's stdin is closed. It was closed by the
// caller, the command ended or was stopped, or the command has no stdin.
var errInputClosed = errors.New("the command's input is closed")

type input struct {
	mu     sync.Mutex
	buf    []byte        // written, not yet sent
	closed bool          // CloseInput was called: send what is left, then end stdin
	broken bool          // the connection refused a write: the command no longer reads
	ready  chan struct{} // a token when there is something for pump to do
}

func newInput() *input { return &input{ready: make(chan struct{}, 1)} }

// write takes what fits of p; 0 with no error means the buffer is full.
func (in *input) write(p []byte) (int, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.closed || in.broken {
		return 0, errInputClosed
	}
	n := min(len(p), inputBound-len(in.buf))
	in.buf = append(in.buf, p[:n]...)
	if n > 0 {
		in.wake()
	}
	return n, nil
}

// close ends the input once what was written is sent.
func (in *input) close() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.closed = true
	in.wake()
}

// breakOff drops what is left: the command ended or was stopped.
func (in *input) breakOff() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.broken, in.buf = true, nil
	in.wake()
}

// linger waits, within inputLinger, until inputBatch bytes wait or the
// input is closed.
func (in *input) linger(done <-chan struct{}) {
	deadline := time.NewTimer(inputLinger)
	defer deadline.Stop()
	for {
		in.mu.Lock()
		enough := len(in.buf) >= inputBatch || in.closed || in.broken
		in.mu.Unlock()
		if enough {
			return
		}
		select {
		case <-in.ready:
		case <-deadline.C:
			return
		case <-done:
			return
		}
	}
}

func (in *input) wake() {
	select {
	case in.ready <- struct{}{}:
	default:
	}
}

// pump sends the input to w until it is closed, then calls closeWrite (the
// command sees the end of its stdin); it ends early when a write fails (the
// command ended: the rest is dropped, as for a native command) or done
// closes. It swaps buffers, so the caller fills one while the other is sent.
func (in *input) pump(w io.Writer, closeWrite func() error, done <-chan struct{}) {
	var sending []byte
	for {
		select {
		case <-in.ready:
		case <-done:
			in.breakOff()
			return
		}
		in.linger(done)
		for {
			in.mu.Lock()
			sending, in.buf = in.buf, sending[:0]
			closed, broken := in.closed, in.broken
			in.mu.Unlock()
			if broken {
				return
			}
			if len(sending) == 0 {
				if closed {
					closeWrite()
					return
				}
				break
			}
			if _, err := w.Write(sending); err != nil {
				in.breakOff()
				return
			}
		}
	}
}
