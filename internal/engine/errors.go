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
	ProcessStartFailed   Kind = "ProcessStartFailed"   // the runtime could not start a process in the container (its pids limit)
	ContextNotFound      Kind = "ContextNotFound"      // DOCKER_CONTEXT or currentContext names no context
	TLSError             Kind = "TLSError"             // the TLS handshake with the daemon failed
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
	ep, _ := env.resolve() // it resolved before the request was made
	e := &Error{Container: container, Endpoint: ep.Host, Err: err}
	switch {
	case errors.Is(err, fs.ErrPermission):
		e.Kind = PermissionDenied
		e.Err = nil
		e.Msg = fmt.Sprintf("permission denied on the Docker daemon socket at %s; run as a user in the docker group or choose a daemon you can reach. %s", ep.Host, ep.Origin())
	case isTLSFailure(err):
		e.Kind = TLSError
		e.Err = nil
		e.Msg = fmt.Sprintf("The TLS handshake with the Docker daemon at %s failed: %s. %s Check that the CA certificate is the one that signed the daemon's certificate, and the client certificate one the daemon trusts.",
			ep.Host, tlsCause(err), ep.Origin())
	case client.IsErrConnectionFailed(err):
		e.Kind = DaemonUnreachable
		e.Err = nil
		e.Msg = unreachableMessage(err, ep)
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
