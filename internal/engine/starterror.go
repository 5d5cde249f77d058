package engine

import (
	"context"
	"fmt"
	"strings"
)

// When the runtime cannot start the command, the daemon writes its error as
// text on stdout and sets exit code 126 or 127 (which one depends on the
// daemon's version). startErrorFilter holds back stdout that starts like that
// text until exec inspect tells whether a process ever started, so the text
// becomes an error instead of output. Other output passes straight on.
const startErrorPrefix = "OCI runtime exec failed: "

// The daemon's text is one short line; stdout longer than this is a real
// program's output and is passed on after all.
const maxStartErrorLen = 4096

type startErrorFilter struct {
	x       *Exec
	held    []byte // stdout not yet passed on
	decided bool   // held is known to be, or not to be, a start error
	holding bool   // decided: it looks like a start error, hold to the end
}

func (f *startErrorFilter) Write(p []byte) (int, error) {
	if f.decided && !f.holding {
		return streamWriter{f.x, Stdout}.Write(p)
	}
	f.held = append(f.held, p...)
	n := min(len(f.held), len(startErrorPrefix))
	switch {
	case string(f.held[:n]) != startErrorPrefix[:n] || len(f.held) > maxStartErrorLen:
		return len(p), f.release()
	case n == len(startErrorPrefix):
		f.decided, f.holding = true, true
	}
	return len(p), nil
}

// release passes the held output on: it is not the daemon's start error.
func (f *startErrorFilter) release() error {
	f.decided, f.holding = true, false
	held := f.held
	f.held = nil
	if !f.x.send(event{stream: Stdout, data: held}) {
		return context.Cause(f.x.ctx)
	}
	return nil
}

func startError(req Request, endpoint string, code int, text []byte) *Error {
	// Daemons before 23.0 say 126 for both cases; the runtime's text does not vary.
	kind := CommandNotExecutable
	if t := string(text); strings.Contains(t, "not found") || strings.Contains(t, "no such file or directory") {
		kind = CommandNotFound
	}
	return &Error{
		Kind:      kind,
		Container: req.Container,
		Endpoint:  endpoint,
		Msg: fmt.Sprintf("cannot run %q in container %s (exit code %d): %s",
			req.Argv[0], req.Container, code, strings.TrimSpace(string(text))),
	}
}
