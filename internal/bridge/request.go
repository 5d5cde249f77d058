package bridge

import (
	"encoding/json"
	"time"

	"github.com/psdocker/psdocker/internal/engine"
)

// request is the JSON the caller sends to InvokeCommand and, with only env
// and timeoutMs, to ListContainers.
type request struct {
	Container string            `json:"container"`
	Argv      []string          `json:"argv"`
	TimeoutMs int64             `json:"timeoutMs"`
	Env       map[string]string `json:"env"` // DOCKER_* as the caller sees them now
}

func decode(data []byte) (request, error) {
	var r request
	if err := json.Unmarshal(data, &r); err != nil {
		return r, &engine.Error{Kind: engine.InvalidRequest, Msg: "malformed request", Err: err}
	}
	return r, nil
}

func (r request) timeout() time.Duration { return time.Duration(r.TimeoutMs) * time.Millisecond }

func (r request) env() engine.Env {
	var env engine.Env
	for _, v := range environment {
		*v.field(&env) = r.Env[v.name]
	}
	return env
}

func decodeRequest(data []byte) (engine.Request, error) {
	r, err := decode(data)
	if err != nil {
		return engine.Request{}, err
	}
	return engine.Request{Container: r.Container, Argv: r.Argv, Timeout: r.timeout(), Env: r.env()}, nil
}
