package bridge

import (
	"encoding/json"
	"time"

	"github.com/psdocker/psdocker/internal/engine"
)

// ListContainers lists the running containers for a ListRequest: a JSON
// array of ContainerSummary, newest first, or nil and an ErrorReport.
func ListContainers(requestJSON []byte) (list []byte, errJSON []byte) {
	r, err := decode[engine.ListRequest](requestJSON)
	if err != nil {
		return nil, encodeError(err)
	}
	timeout := time.Duration(r.TimeoutMs) * time.Millisecond
	if timeout <= 0 {
		timeout = engine.ListTimeout
	}
	containers, err := engine.ListRunning(r.Settings, r.Context, timeout)
	if err != nil {
		return nil, encodeError(err)
	}
	b, _ := json.Marshal(containers)
	return b, nil
}
