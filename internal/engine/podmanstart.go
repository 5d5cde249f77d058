package engine

import (
	"bytes"
	"context"
	"strings"
)

// Podman's Docker-compatible API reports a command that cannot start on
// stderr, not stdout, as one line that ends in one of libpod's own error
// texts, then adds a spurious "Error: read unixpacket ...: connection reset
// by peer" line; the exit code is 127 or 126. Its exec inspect reports Pid 0
// for every ended exec, so unlike Docker's start error the pid cannot tell a
// start error from a program's output: the fixed texts and the exit code do.
const podmanStartErrorPrefix = "Error: "

var podmanStartErrorEndings = map[string]int{
	": OCI runtime attempted to invoke a command that was not found": 127,
	": OCI permission denied": 126,
}

// podmanStartErrorFilter holds back stderr whose first line starts like
// Podman's start error until the first line is complete; if it is one, the
// rest is held to the end, where the exit code decides. Other stderr passes
// straight on.
type podmanStartErrorFilter struct {
	x        *Exec
	held     []byte
	decided  bool
	holding  bool
	exitCode int // the code Podman gives this start error
}

func (f *podmanStartErrorFilter) Write(p []byte) (int, error) {
	if f.decided && !f.holding {
		return streamWriter{f.x, Stderr}.Write(p)
	}
	f.held = append(f.held, p...)
	n := min(len(f.held), len(podmanStartErrorPrefix))
	if string(f.held[:n]) != podmanStartErrorPrefix[:n] || len(f.held) > maxStartErrorLen {
		return len(p), f.release()
	}
	if f.decided {
		return len(p), nil
	}
	line, _, complete := bytes.Cut(f.held, []byte("\n"))
	if !complete {
		return len(p), nil
	}
	for ending, code := range podmanStartErrorEndings {
		if strings.HasSuffix(strings.TrimRight(string(line), "\r"), ending) {
			f.decided, f.holding, f.exitCode = true, true, code
			return len(p), nil
		}
	}
	return len(p), f.release()
}

func (f *podmanStartErrorFilter) release() error {
	f.decided, f.holding = true, false
	held := f.held
	f.held = nil
	if !f.x.send(event{stream: Stderr, data: held}) {
		return context.Cause(f.x.ctx)
	}
	return nil
}

// startError is the held text as an error when the exit code is the one
// Podman gives it; nil means the held stderr is the program's own.
func (f *podmanStartErrorFilter) startError(req Request, endpoint string, exit exitInfo) *Error {
	if !f.holding || !exit.known || exit.code != f.exitCode {
		return nil
	}
	line, _, _ := bytes.Cut(f.held, []byte("\n"))
	return startError(req, endpoint, exit.code, bytes.TrimPrefix(line, []byte(podmanStartErrorPrefix)))
}
