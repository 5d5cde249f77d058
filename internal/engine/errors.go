package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/client"
)

// Kind says what went wrong, in terms a caller can act on. The names travel
// through the C ABI as strings and become FullyQualifiedErrorIds in .NET.
type Kind string

const (
	ContainerNotFound    Kind = "ContainerNotFound"
	ContainerAmbiguous   Kind = "ContainerAmbiguous" // an ID prefix that matches several containers
	ContainerNotRunning  Kind = "ContainerNotRunning"
	ContainerPaused      Kind = "ContainerPaused"
	ContainerRestarting  Kind = "ContainerRestarting"
	DaemonUnreachable    Kind = "DaemonUnreachable"
	PermissionDenied     Kind = "DaemonPermissionDenied"
	CommandNotFound      Kind = "CommandNotFound"      // exit code 127
	CommandNotExecutable Kind = "CommandNotExecutable" // exit code 126
	InvalidConfiguration Kind = "InvalidConfiguration"
	InvalidRequest       Kind = "InvalidRequest"
	DaemonError          Kind = "DaemonError"  // any other API error
	StreamBroken         Kind = "StreamBroken" // the connection to the daemon broke mid-command
)

// Error is every failure the engine reports.
type Error struct {
	Kind      Kind
	Container string
	Endpoint  string
	Msg       string // set when the engine words the message itself
	Err       error  // the cause, if any
}

func (e *Error) Error() string {
	switch {
	case e.Msg != "" && e.Err != nil:
		return e.Msg + ": " + e.Err.Error()
	case e.Msg != "":
		return e.Msg
	case e.Err != nil:
		return e.Err.Error()
	}
	return string(e.Kind)
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the Kind of err, or "" when err is not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// classifyAPIError maps an error from the Docker client to an *Error. The
// daemon words "not running", "paused" and "restarting" as conflicts; those
// are told apart by the caller, which can inspect the container.
func classifyAPIError(err error, container string, env Env) *Error {
	e := &Error{Container: container, Endpoint: env.endpoint(), Err: err}
	switch {
	case errors.Is(err, fs.ErrPermission):
		e.Kind = PermissionDenied
		e.Err = nil
		e.Msg = fmt.Sprintf("permission denied on the Docker daemon socket at %s; run as a user in the docker group or set DOCKER_HOST to a daemon you can reach", e.Endpoint)
	case client.IsErrConnectionFailed(err):
		e.Kind = DaemonUnreachable
		e.Err = nil
		e.Msg = unreachableMessage(err, env)
	case cerrdefs.IsNotFound(err):
		e.Kind = ContainerNotFound
		e.Err = nil
		e.Msg = fmt.Sprintf("no such container: %s", container)
	case strings.Contains(strings.ToLower(err.Error()), "multiple ids found"):
		// Docker 20.10 sends this with status 500, later versions with 400.
		e.Kind = ContainerAmbiguous
		e.Msg = fmt.Sprintf("%q is the start of the ID of more than one container; give more of the ID, or the name", container)
	default:
		e.Kind = DaemonError
	}
	return e
}

func unreachableMessage(err error, env Env) string {
	var b strings.Builder
	fmt.Fprintf(&b, "cannot connect to the Docker daemon at %s (%v)", env.endpoint(), err)
	if env.Host == "" {
		b.WriteString("; DOCKER_HOST is not set, so the default socket was tried")
	} else {
		b.WriteString("; the endpoint comes from DOCKER_HOST")
	}
	if env.Context != "" {
		fmt.Fprintf(&b, "; DOCKER_CONTEXT=%s is set but contexts are not supported yet, set DOCKER_HOST instead", env.Context)
	}
	b.WriteString(". Is the daemon running?")
	return b.String()
}
