package bridge

import (
	"encoding/json"
	"runtime"
	"time"

	"github.com/psdocker/psdocker/internal/engine"
)

// request is the JSON the caller sends to InvokeCommand.
type request struct {
	Container string            `json:"container"`
	Argv      []string          `json:"argv"`
	TimeoutMs int64             `json:"timeoutMs"`
	Env       map[string]string `json:"env"` // environmentNames, as the caller sees them now
}

// environmentNames are the variables that choose the daemon, the way the
// docker CLI reads them. shim/CommandRequest.cs sends exactly these
// (TestShimSendsTheEnvironmentTheBridgeReads).
var environmentNames = []string{
	"DOCKER_HOST", "DOCKER_API_VERSION", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY", "DOCKER_TLS",
	"DOCKER_CONTEXT", "DOCKER_CONFIG", "HOME", "USERPROFILE",
}

func decodeRequest(data []byte) (engine.Request, error) {
	var r request
	if err := json.Unmarshal(data, &r); err != nil {
		return engine.Request{}, &engine.Error{Kind: engine.InvalidRequest, Msg: "malformed request", Err: err}
	}
	home := r.Env["HOME"]
	if runtime.GOOS == "windows" {
		home = r.Env["USERPROFILE"] // where Go's os.UserHomeDir, and so docker/cli, looks
	}
	return engine.Request{
		Container: r.Container,
		Argv:      r.Argv,
		Timeout:   time.Duration(r.TimeoutMs) * time.Millisecond,
		Env: engine.Env{
			Host:       r.Env["DOCKER_HOST"],
			APIVersion: r.Env["DOCKER_API_VERSION"],
			CertPath:   r.Env["DOCKER_CERT_PATH"],
			TLSVerify:  r.Env["DOCKER_TLS_VERIFY"],
			TLS:        r.Env["DOCKER_TLS"],
			Context:    r.Env["DOCKER_CONTEXT"],
			ConfigDir:  r.Env["DOCKER_CONFIG"],
			Home:       home,
		},
	}, nil
}
