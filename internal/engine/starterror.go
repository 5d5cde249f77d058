package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/docker/docker/client"
	"github.com/psdocker/psdocker/internal/messages"
)

// When the runtime cannot start the command, the daemon writes its error as
// text on stdout and sets exit code 126 or 127 (which one depends on the
// daemon's version). A program may print the same words, so the text alone
// proves nothing: exec inspect does. A process that started has a pid; one
// that never started has pid 0 and is no longer running.
// The runtime's errors begin with the first; a user or group that is not in
// the container's /etc/passwd or /etc/group, with the others.
var startErrorPrefixes = []string{"OCI runtime exec failed: ", "unable to find user ", "unable to find group "}

// maxStartErrorLen bounds what is kept of the daemon's text.
const maxStartErrorLen = 64 << 10

// stdoutFilter passes stdout on as it arrives, except the daemon's
// start-error text. It decides on the first chunk: only a chunk that could
// begin that text costs one exec inspect, and nothing is held back.
type stdoutFilter struct {
	x            *Exec
	cli          *client.Client
	execID       string
	looked       bool   // the first chunk was looked at
	neverStarted bool   // the daemon says no process started: stdout is its error text
	daemonText   []byte // that text
}

func (f *stdoutFilter) Write(p []byte) (int, error) {
	if !f.looked {
		f.looked = true
		f.neverStarted = slices.ContainsFunc(startErrorPrefixes, func(prefix string) bool { return beginsLike(p, prefix) }) &&
			!processStarted(f.x.ctx, f.cli, f.execID)
	}
	if f.neverStarted {
		if len(f.daemonText) < maxStartErrorLen {
			f.daemonText = append(f.daemonText, p...)
		}
		return len(p), nil
	}
	return streamWriter{f.x, Stdout}.Write(p)
}

// beginsLike says whether p could be the start of text that begins with
// prefix: p is a prefix of it, or it is a prefix of p.
func beginsLike(p []byte, prefix string) bool {
	n := min(len(p), len(prefix))
	return string(p[:n]) == prefix[:n]
}

// startedBound is how long the daemon gets to record the pid of a process
// that is already writing output (it sets the pid right after the start).
const startedBound = time.Second

// processStarted asks the daemon whether the exec's process ever started.
// When it cannot tell, the answer is yes: output is never dropped on a guess.
func processStarted(ctx context.Context, cli *client.Client, execID string) bool {
	deadline := time.Now().Add(startedBound)
	for delay := time.Millisecond; ; delay = min(2*delay, 50*time.Millisecond) {
		inspect, err := cli.ContainerExecInspect(ctx, execID)
		switch {
		case err != nil || inspect.Pid != 0:
			return true
		case !inspect.Running:
			return false
		case time.Now().After(deadline):
			return true
		}
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return true
		}
	}
}

func startError(req CommandRequest, endpoint string, code int, text []byte) *Error {
	// Docker 20.10 says 126 for both; other engines say 127 when the file is
	// missing. The runtime's wording tells them apart on every one.
	t := strings.TrimSpace(string(text))
	kind, cause := CommandNotExecutable, ""
	switch {
	case strings.HasPrefix(t, "unable to find user ") || strings.HasPrefix(t, "unable to find group "):
		kind = UserNotFound
	case strings.Contains(t, "chdir to cwd") && strings.Contains(t, "no such file or directory"):
		kind = WorkingDirectoryNotFound
	case strings.Contains(t, "chdir to cwd"):
		// It exists, but the user may not enter it: runc versions that
		// change the user before the chdir say "permission denied". (The
		// runc here changes it after, so this is not seen in the tests.)
		kind = WorkingDirectoryInaccessible
	case strings.Contains(t, "environment variable"):
		kind = InvalidEnvironment
	case strings.Contains(t, "unable to apply caps"):
		// The runtime may not grant what --privileged asks for (a daemon
		// that itself runs with fewer capabilities, as in some CI jobs).
		kind = ProcessStartFailed
	case strings.Contains(t, "read init-p:"):
		// runc's own child died before it could run the command: the
		// container has no room for another process.
		kind, cause = ProcessStartFailed, fmt.Sprintf(messages.ProcessLimitCause, req.Container)
	case strings.Contains(t, "not found") || strings.Contains(t, "no such file or directory"):
		kind = CommandNotFound
	}
	return &Error{
		Kind:      kind,
		Container: req.Container,
		Endpoint:  endpoint,
		Msg: fmt.Sprintf(messages.CannotRun,
			req.Argv[0], req.Container, code, t, cause),
	}
}
