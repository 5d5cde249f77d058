package bridge

import (
	"encoding/json"
	"time"

	"github.com/psdocker/psdocker/internal/engine"
)

// listTimeout bounds ListContainers when the request sets no timeout.
const listTimeout = time.Second

// ListContainers lists the running containers for a request with env (and
// optionally timeoutMs): a JSON array of {"name","image","status","id"},
// newest first, or nil and an error as JSON.
func ListContainers(requestJSON []byte) (list []byte, errJSON []byte) {
	r, err := decode(requestJSON)
	if err != nil {
		return nil, encodeError(err)
	}
	timeout := r.timeout()
	if timeout <= 0 {
		timeout = listTimeout
	}
	containers, err := engine.ListRunning(r.env(), timeout)
	if err != nil {
		return nil, encodeError(err)
	}
	b, _ := json.Marshal(containers)
	return b, nil
}
