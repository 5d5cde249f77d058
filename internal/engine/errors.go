package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/client"
	"github.com/psdocker/psdocker/internal/endpoint"
	"github.com/psdocker/psdocker/internal/messages"
)

// ErrorKind says what went wrong, in terms a caller can act on. The names
// travel through the C ABI as strings and become FullyQualifiedErrorIds in .NET.
//
//contract:enum
type ErrorKind string

const (
	ContainerNotFound            ErrorKind = "ContainerNotFound"
	ContainerAmbiguous           ErrorKind = "ContainerAmbiguous" // an ID prefix that matches several containers
	ContainerNotRunning          ErrorKind = "ContainerNotRunning"
	ContainerPaused              ErrorKind = "ContainerPaused"
	ContainerRestarting          ErrorKind = "ContainerRestarting"
	DaemonUnreachable            ErrorKind = "DaemonUnreachable"
	DaemonPermissionDenied       ErrorKind = "DaemonPermissionDenied"
	CommandNotFound              ErrorKind = "CommandNotFound"              // exit code 127
	CommandNotExecutable         ErrorKind = "CommandNotExecutable"         // exit code 126
	ProcessStartFailed           ErrorKind = "ProcessStartFailed"           // the runtime could not start a process in the container (its pids limit)
	UserNotFound                 ErrorKind = "UserNotFound"                 // the request's user or group is not in the container
	WorkingDirectoryNotFound     ErrorKind = "WorkingDirectoryNotFound"     // the request's working directory is not in the container
	WorkingDirectoryInaccessible ErrorKind = "WorkingDirectoryInaccessible" // the request's user may not enter the working directory
	InvalidEnvironment           ErrorKind = "InvalidEnvironment"           // the runtime refused a variable of the request's environment
	ContextNotFound              ErrorKind = "ContextNotFound"              // DOCKER_CONTEXT or currentContext names no context
	TLSError                     ErrorKind = "TLSError"                     // the TLS handshake with the daemon failed
	InvalidConfiguration         ErrorKind = "InvalidConfiguration"
	InvalidRequest               ErrorKind = "InvalidRequest"
	DaemonError                  ErrorKind = "DaemonError"  // any other API error
	StreamBroken                 ErrorKind = "StreamBroken" // the connection to the daemon broke mid-command
)

// Error is every failure the engine reports.
type Error struct {
	Kind      ErrorKind
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
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// classifyAPIError maps an error from the Docker client to an *Error. The
// daemon words "not running", "paused" and "restarting" as conflicts; those
// are told apart by the caller, which can inspect the container.
func classifyAPIError(err error, container string, ep endpoint.Endpoint) *Error {
	e := &Error{Container: container, Endpoint: ep.Host, Err: err}
	switch {
	case errors.Is(err, fs.ErrPermission):
		e.Kind = DaemonPermissionDenied
		e.Err = nil
		e.Msg = fmt.Sprintf(messages.PermissionDenied, ep.Host, ep.Origin())
	case isTLSFailure(err):
		e.Kind = TLSError
		e.Err = nil
		e.Msg = fmt.Sprintf(messages.TLSFailed, ep.Host, tlsCause(err), ep.Origin())
	case client.IsErrConnectionFailed(err):
		e.Kind = DaemonUnreachable
		e.Err = nil
		e.Msg = unreachableMessage(err, ep)
	case cerrdefs.IsNotFound(err):
		e.Kind = ContainerNotFound
		e.Err = nil
		e.Msg = fmt.Sprintf(messages.NoSuchContainer, container)
	case strings.Contains(strings.ToLower(err.Error()), "multiple ids found"):
		// Docker 20.10 sends this with status 500, later versions with 400.
		e.Kind = ContainerAmbiguous
		e.Msg = fmt.Sprintf(messages.AmbiguousID, container)
	default:
		e.Kind = DaemonError
	}
	return e
}
