package engine

import (
	"bytes"
	"context"
	"strings"
	"sync"

	"github.com/docker/docker/client"
)

// Podman's Docker-compatible API reports a command that cannot start on
// stderr, not stdout, as one line that ends in one of libpod's own error
// texts, then adds a spurious "Error: read unixpacket ...: connection reset
// by peer" line; the exit code is 127 or 126. Its exec inspect reports Pid 0
// for every ended exec, so the pid cannot tell a start error from a
// program's output. What can: when that text arrives the exec has already
// ended, while a program that prints it is still running; and at the end,
// the fixed texts and the exit code.
const podmanStartErrorPrefix = "Error: "

var podmanStartErrorEndings = map[string]int{
	": OCI runtime attempted to invoke a command that was not found": 127,
	": OCI permission denied": 126,
}

// podmanStartErrorFilter passes stderr on as it arrives, except when its
// first chunk could be Podman's start error and the exec had already ended
// by then: that stderr is kept until the end, where startError decides, and
// release passes on whatever was not the start error. A process that is
// still running is never held back.
type podmanStartErrorFilter struct {
	x       *Exec
	cli     *client.Client
	execID  string
	looked  bool   // the first chunk was looked at
	suspect bool   // it could be the start error, and the exec had ended
	held    []byte // stderr kept while suspect
}

func (f *podmanStartErrorFilter) Write(p []byte) (int, error) {
	if !f.looked {
		f.looked = true
		f.suspect = beginsLike(p, podmanStartErrorPrefix) && endedSure(f.x.ctx, f.cli, f.execID) && isPodman(f.x.ctx, f.cli)
	}
	if f.suspect && len(f.held)+len(p) <= maxStartErrorLen {
		f.held = append(f.held, p...)
		return len(p), nil
	}
	// More than a start error: what was held goes first, so stderr keeps
	// its order.
	f.suspect = false
	if !f.release() {
		return 0, errReaderGone
	}
	return streamWriter{f.x, Stderr}.Write(p)
}

// endedSure: the exec has ended; when the daemon cannot tell, no: output is
// never held on a guess.
func endedSure(ctx context.Context, cli *client.Client, execID string) bool {
	ended, err := execEnded(ctx, cli, execID)
	return ended && err == nil
}

// podmans remembers, per client, whether its daemon is Podman: asked only
// when stderr looks like Podman's start error, once.
var podmans sync.Map // *client.Client -> bool

// isPodman says whether the daemon is Podman (its version lists a Podman
// component); when it cannot tell, no: output is never held on a guess.
func isPodman(ctx context.Context, cli *client.Client) bool {
	if known, ok := podmans.Load(cli); ok {
		return known.(bool)
	}
	v, err := cli.ServerVersion(ctx)
	if err != nil {
		return false
	}
	podman := false
	for _, c := range v.Components {
		podman = podman || strings.Contains(c.Name, "Podman")
	}
	podmans.Store(cli, podman)
	return podman
}

// startError is the held text as an error when its first line is one of
// Podman's start errors and the exit code is the one Podman gives it; the
// text is then used up. nil means the held stderr is the program's own.
func (f *podmanStartErrorFilter) startError(req CommandRequest, endpoint string, exit exitInfo) *Error {
	line, _, _ := bytes.Cut(f.held, []byte("\n"))
	text := strings.TrimRight(string(line), "\r")
	for ending, code := range podmanStartErrorEndings {
		if f.suspect && exit.known && exit.code == code && strings.HasPrefix(text, podmanStartErrorPrefix) && strings.HasSuffix(text, ending) {
			f.held = nil
			return startError(req, endpoint, exit.code, []byte(strings.TrimPrefix(text, podmanStartErrorPrefix)))
		}
	}
	return nil
}

// release passes on what was held: it was not the start error. false: the
// reader is gone.
func (f *podmanStartErrorFilter) release() bool {
	held := f.held
	f.held = nil
	return len(held) == 0 || f.x.send(event{stream: Stderr, data: held})
}
