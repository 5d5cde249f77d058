package bridge

import (
	"encoding/json"

	"github.com/psdocker/psdocker/internal/engine"
)

// info is the JSON GetCommandInfo returns. ExitCode is null while unknown.
type info struct {
	Container string     `json:"container"`
	Endpoint  string     `json:"endpoint"`
	ExecID    string     `json:"execId,omitempty"`
	ExitCode  *int       `json:"exitCode"`
	Error     *errorInfo `json:"error"`
}

type errorInfo struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

func encodeError(err error) []byte {
	b, _ := json.Marshal(toErrorInfo(err))
	return b
}

func toErrorInfo(err error) *errorInfo {
	if err == nil {
		return nil
	}
	kind := engine.KindOf(err)
	if kind == "" {
		kind = engine.DaemonError
	}
	return &errorInfo{Kind: string(kind), Message: err.Error()}
}

func encodeInfo(x *engine.Exec, finished bool) []byte {
	i := info{Container: x.Container, Endpoint: x.Endpoint, ExecID: x.ID()}
	if finished {
		r := x.Result()
		if r.ExitKnown {
			i.ExitCode = &r.ExitCode
		}
		i.Error = toErrorInfo(r.Err)
	}
	b, _ := json.Marshal(i)
	return b
}
