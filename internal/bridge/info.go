package bridge

import (
	"encoding/json"

	"github.com/psdocker/psdocker/internal/engine"
)

// info is the JSON GetCommandInfo returns. ExitCode is null while unknown;
// Stop is null unless the command was stopped (timeout, cancel, close).
type info struct {
	Container string     `json:"container"`
	Endpoint  string     `json:"endpoint"`
	ExecID    string     `json:"execId,omitempty"`
	Marker    string     `json:"marker"`
	ExitCode  *int       `json:"exitCode"`
	Error     *errorInfo `json:"error"`
	Stop      *stopInfo  `json:"stop"`
}

type errorInfo struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// stopInfo says how a stopped command's process was ended.
type stopInfo struct {
	State        string `json:"state"` // notNeeded, ended, unconfirmed or failed
	Detail       string `json:"detail,omitempty"`
	GraceSeconds int    `json:"graceSeconds"`
	Ended        int    `json:"ended"` // processes ended, with "ended"
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

func encodeInfo(x *engine.Exec, outcomeRead bool) []byte {
	i := info{Container: x.Container, Endpoint: x.Endpoint, ExecID: x.ID(), Marker: x.Marker}
	if outcomeRead {
		r := x.Result()
		if r.ExitKnown {
			i.ExitCode = &r.ExitCode
		}
		i.Error = toErrorInfo(r.Err)
		if s, stopped := x.Stopped(); stopped {
			i.Stop = &stopInfo{State: stopStates[s.State], Detail: s.Detail, GraceSeconds: engine.StopGraceSeconds, Ended: s.Ended}
		}
	}
	b, _ := json.Marshal(i)
	return b
}
