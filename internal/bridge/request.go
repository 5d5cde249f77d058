package bridge

import (
	"encoding/json"
	"time"

	"github.com/psdocker/psdocker/internal/engine"
)

// request is the JSON the caller sends to InvokeCommand.
type request struct {
	Container string            `json:"container"`
	Argv      []string          `json:"argv"`
	TimeoutMs int64             `json:"timeoutMs"`
	Env       map[string]string `json:"env"` // DOCKER_* as the caller sees them now
}

func decodeRequest(data []byte) (engine.Request, error) {
	var r request
	if err := json.Unmarshal(data, &r); err != nil {
		return engine.Request{}, &engine.Error{Kind: engine.InvalidRequest, Msg: "malformed request", Err: err}
	}
	req := engine.Request{
		Container: r.Container,
		Argv:      r.Argv,
		Timeout:   time.Duration(r.TimeoutMs) * time.Millisecond,
	}
	for _, v := range environment {
		*v.field(&req.Env) = r.Env[v.name]
	}
	return req, nil
}
