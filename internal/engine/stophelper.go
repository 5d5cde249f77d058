package engine

import (
	"bufio"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/client"
	"github.com/docker/docker/pkg/stdcopy"
	"github.com/psdocker/psdocker/internal/messages"
)

// The stop helper: one shell per container (stop.sh), started by the
// first stop there and serving every later one through its stdin, so a
// stop costs no exec start of its own (the daemon starts execs one after
// another: a burst of stops would queue behind each other). Stops that
// arrive while the helper works go to it together, in its next request.
// It runs as root (not privileged: see tryHelper), and ends when its stdin
// closes: when it has been idle for helperIdle, or when this process exits
// and the connection drops.

//go:embed stop.sh
var stopScript string

// helperName is the helper's $0, which ps shows; helperScriptVariable
// holds stop.sh while the shell starts.
const (
	helperName           = "psdocker-stop"
	helperScriptVariable = "PSDOCKER_STOP_SCRIPT"
)

type targetReport struct{ found, left int }

type helperReport struct {
	targets   map[int]targetReport
	unchecked int // processes started since the execs whose environment was unreadable
}

// helper is one running stop.sh.
type helper struct {
	conn   io.Writer
	lines  *bufio.Scanner
	close  func() // ends the helper: its stdin closes and it exits
	copied chan struct{}
}

// readyBound is how long a new helper may take to say "ready".
const readyBound = 30 * time.Second

// startHelper runs stop.sh in the container and waits for its "ready". It
// retries what may pass (a busy or briefly unreachable daemon) until ctx
// ends.
func startHelper(ctx context.Context, cli *client.Client, containerID string) (*helper, error) {
	for delay := 100 * time.Millisecond; ; delay = min(2*delay, 2*time.Second) {
		h, err := tryHelper(ctx, cli, containerID)
		if err == nil {
			return h, nil
		}
		var refused *helperRefused
		if errors.As(err, &refused) {
			return nil, fmt.Errorf(messages.HelperNoShell, refused.text)
		}
		if gone, why := containerState(ctx, cli, containerID, err); gone != nil {
			return nil, gone
		} else if why != "" {
			return nil, errors.New(why)
		}
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return nil, fmt.Errorf(messages.HelperNotStarted, err)
		}
	}
}

// helperRefused is a helper the runtime would not run (no /bin/sh): its
// output, which says why.
type helperRefused struct{ text string }

func (e *helperRefused) Error() string { return e.text }

// tryHelper starts one helper. It runs as root, to signal every process,
// and unprivileged: a privileged exec would run the container's own
// /bin/sh with every capability and no confinement, which root in the
// container could turn into root on the host.
func tryHelper(ctx context.Context, cli *client.Client, containerID string) (*helper, error) {
	created, err := cli.ContainerExecCreate(ctx, containerID, container.ExecOptions{
		User:         "0",
		AttachStdin:  true,
		AttachStdout: true,
		AttachStderr: true,
		// The script travels in the environment, so that ps shows one short
		// line for the helper.
		Env: []string{helperScriptVariable + "=" + stopScript},
		Cmd: []string{"/bin/sh", "-c", "script=$" + helperScriptVariable + "; unset " + helperScriptVariable + `; eval "$script"`, helperName},
	})
	if err != nil {
		return nil, err
	}
	resp, err := cli.ContainerExecAttach(ctx, created.ID, container.ExecAttachOptions{})
	if err != nil {
		return nil, err
	}
	out, in := io.Pipe()
	var stderr strings.Builder
	h := &helper{conn: resp.Conn, lines: bufio.NewScanner(out), copied: make(chan struct{})}
	h.close = func() {
		resp.Close()
		out.Close() // unblocks the copy if nobody reads any more
	}
	go func() {
		defer close(h.copied)
		_, err := stdcopy.StdCopy(in, &limitedWriter{w: &stderr, n: 4096}, resp.Reader)
		in.CloseWithError(err)
	}()
	hung := time.AfterFunc(readyBound, h.close)
	ready := h.lines.Scan() && h.lines.Text() == "ready"
	hung.Stop()
	if ready {
		return h, nil
	}
	first := h.lines.Text()
	h.close()
	<-h.copied // stderr is complete
	if text := strings.TrimSpace(first + "\n" + stderr.String()); text != "" {
		return nil, &helperRefused{text: text}
	}
	return nil, fmt.Errorf(messages.HelperEndedEarly, h.lines.Err())
}

// exchangeBound is how long the helper may take to answer one request:
// the grace, then freezing and killing (seconds even for thousands of
// processes), with room for a loaded machine.
const exchangeBound = StopGrace + 30*time.Second

// exchange sends one request and reads its report, which must name every
// pending target.
func (h *helper) exchange(request string, pending []int) (helperReport, error) {
	hung := time.AfterFunc(exchangeBound, h.close)
	defer hung.Stop()
	if _, err := io.WriteString(h.conn, request); err != nil {
		return helperReport{}, err
	}
	r := helperReport{targets: map[int]targetReport{}}
	for h.lines.Scan() {
		f := strings.Fields(h.lines.Text())
		switch {
		case len(f) == 4 && f[0] == "target":
			i, _ := strconv.Atoi(f[1])
			found, _ := strconv.Atoi(f[2])
			left, _ := strconv.Atoi(f[3])
			r.targets[i] = targetReport{found: found, left: left}
		case len(f) == 2 && f[0] == "done":
			r.unchecked, _ = strconv.Atoi(f[1])
			for _, i := range pending {
				if _, ok := r.targets[i]; !ok {
					return r, fmt.Errorf(messages.HelperMissingTarget, i)
				}
			}
			return r, nil
		default:
			return r, fmt.Errorf(messages.HelperUnexpected, h.lines.Text())
		}
	}
	return r, fmt.Errorf(messages.HelperEnded, h.lines.Err())
}

// containerState looks into an error from the helper's exec: a container
// that is removed or stopped has no process left (errContainerGone); a
// paused one cannot run the helper (why). Both empty: try again.
func containerState(ctx context.Context, cli *client.Client, containerID string, err error) (gone error, why string) {
	if !isStateConflict(err) && !cerrdefs.IsNotFound(err) {
		return nil, ""
	}
	info, ierr := cli.ContainerInspect(ctx, containerID)
	switch {
	case cerrdefs.IsNotFound(ierr):
		return errContainerGone, ""
	case ierr != nil || info.State == nil:
		return nil, ""
	case info.State.Paused:
		return nil, messages.HelperPaused
	case !info.State.Running:
		return fmt.Errorf(messages.ContainerGoneStatus, errContainerGone, info.State.Status), ""
	}
	return nil, ""
}

type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}
