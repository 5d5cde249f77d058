package bridge

import (
	"runtime"

	"github.com/psdocker/psdocker/internal/engine"
)

// The facts in this file cross the C ABI. They are written here only:
// cmd/contractgen generates the C# side (shim/Native/Contract.g.cs) and the
// status block of native/psdocker.h from this file and from the Kind
// constants in internal/engine/errors.go, and internal/contract's tests fail
// while a generated file is stale. Keep each list literal: the generator
// reads the source, not the compiled values.

// Status codes of ReadCommandOutput.
const (
	StatusData          = 0 // n bytes of one stream were copied
	StatusPending       = 1 // nothing arrived within the wait
	StatusStarted       = 2 // the exec runs; GetCommandInfo has its ID
	StatusEnded         = 3 // the command ended; GetCommandInfo has the exit code
	StatusFailed        = 4 // the command could not run; GetCommandInfo has the error
	StatusTimedOut      = 5 // the timeout passed; GetCommandInfo says how the process was ended
	StatusCanceled      = 6 // CancelCommand was called; likewise
	StatusInvalidHandle = -1
)

// Stream numbers in ReadCommandOutput's *stream.
const (
	StreamStdout = 1
	StreamStderr = 2
)

func streamCode(s engine.Stream) int {
	switch s {
	case engine.Stdout:
		return StreamStdout
	case engine.Stderr:
		return StreamStderr
	}
	return 0 // no data, no stream
}

func statusCode(s engine.Status) int {
	switch s {
	case engine.Data:
		return StatusData
	case engine.Started:
		return StatusStarted
	case engine.Ended:
		return StatusEnded
	case engine.Failed:
		return StatusFailed
	case engine.TimedOut:
		return StatusTimedOut
	case engine.Canceled:
		return StatusCanceled
	}
	return StatusPending
}

// environment lists the variables InvokeCommand reads from the request's
// "env" object, and the Env field each one sets: those that choose the
// daemon, the way the docker CLI reads them. The shim sends exactly these,
// read from .NET's environment at every call.
var environment = []struct {
	name  string
	field func(*engine.Env) *string
}{
	{"DOCKER_HOST", func(e *engine.Env) *string { return &e.Host }},
	{"DOCKER_API_VERSION", func(e *engine.Env) *string { return &e.APIVersion }},
	{"DOCKER_CERT_PATH", func(e *engine.Env) *string { return &e.CertPath }},
	{"DOCKER_TLS_VERIFY", func(e *engine.Env) *string { return &e.TLSVerify }},
	{"DOCKER_TLS", func(e *engine.Env) *string { return &e.TLS }},
	{"DOCKER_CONTEXT", func(e *engine.Env) *string { return &e.Context }},
	{"DOCKER_CONFIG", func(e *engine.Env) *string { return &e.ConfigDir }},
	// The home folder, where ~/.docker is: where Go's os.UserHomeDir, and
	// so docker/cli, looks on each system; the other one is ignored.
	{"HOME", func(e *engine.Env) *string { return homeOn(e, runtime.GOOS != "windows") }},
	{"USERPROFILE", func(e *engine.Env) *string { return homeOn(e, runtime.GOOS == "windows") }},
}

func homeOn(e *engine.Env, thisSystem bool) *string {
	if thisSystem {
		return &e.Home
	}
	return new(string)
}

// stopStates are the values of "stop"."state" in GetCommandInfo's JSON.
var stopStates = map[engine.StopState]string{
	engine.StopNotNeeded:   "notNeeded",
	engine.StopEnded:       "ended",
	engine.StopUnconfirmed: "unconfirmed",
	engine.StopFailed:      "failed",
}
