package bridge

import (
	"encoding/json"

	"github.com/psdocker/psdocker/internal/endpoint"
	"github.com/psdocker/psdocker/internal/engine"
	"github.com/psdocker/psdocker/internal/messages"
)

// CommandReport is what GetCommandReport returns: where the command runs and,
// once ReadCommandOutput has returned the outcome, how it ended. ExitCode is
// null while unknown; Stop is null unless the command was stopped.
//
//contract:json
type CommandReport struct {
	Container      string                  `json:"container"`
	Endpoint       string                  `json:"endpoint"`       // the resolved endpoint, as -Verbose shows it
	EndpointSource endpoint.EndpointSource `json:"endpointSource"` // what chose it
	ExecID         string                  `json:"execId,omitempty"`
	Marker         string                  `json:"marker"` // PSDOCKER_EXEC_ID=... in the command's environment
	ExitCode       *int                    `json:"exitCode"`
	Error          *ErrorReport            `json:"error"`
	Stop           *engine.StopReport      `json:"stop"`
}

// ErrorReport is every error the library returns: InvokeCommand's and
// ListContainers' refusals, and CommandReport's "error".
//
//contract:json
type ErrorReport struct {
	Kind    engine.ErrorKind `json:"kind"`
	Message string           `json:"message"`
}

func encodeError(err error) []byte {
	b, _ := json.Marshal(toErrorReport(err))
	return b
}

func toErrorReport(err error) *ErrorReport {
	if err == nil {
		return nil
	}
	kind := engine.KindOf(err)
	if kind == "" {
		kind = engine.DaemonError
	}
	return &ErrorReport{Kind: kind, Message: err.Error()}
}

func encodeReport(x *engine.Exec, outcomeRead bool) []byte {
	r := CommandReport{Container: x.Container, Endpoint: x.Endpoint, EndpointSource: x.EndpointSource(), ExecID: x.ID(), Marker: x.Marker}
	if outcomeRead {
		result := x.Result()
		if result.ExitKnown {
			r.ExitCode = &result.ExitCode
		}
		r.Error = toErrorReport(result.Err)
		if s, stopped := x.StopReport(); stopped {
			r.Stop = &s
		}
	}
	b, _ := json.Marshal(r)
	return b
}

// decode reads a request's JSON; a malformed one is InvalidRequest.
func decode[T any](data []byte) (T, error) {
	var r T
	if err := json.Unmarshal(data, &r); err != nil {
		return r, &engine.Error{Kind: engine.InvalidRequest, Msg: messages.MalformedRequest, Err: err}
	}
	return r, nil
}
