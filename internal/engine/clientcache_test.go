package engine

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/psdocker/psdocker/internal/endpoint"
)

// One client per resolved endpoint and TLS material: the next call through
// the same context reuses it (connections, negotiated version); new
// certificates in the context, or another context, get another client.
func TestClientsAreSharedPerEndpointAndTLSMaterial(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not installed (.ci/run installs it)")
	}
	tls := t.TempDir()
	script(t, "certs.sh", tls)
	cfg := dockerConfig(t)
	host := "host=tcp://127.0.0.1:1" // never dialled: clients connect lazily
	dockerIn(t, cfg, "context", "create", "ctxa", "--docker", host+",ca="+filepath.Join(tls, "client", "ca.pem"))
	dockerIn(t, cfg, "context", "create", "ctxb", "--docker", "host=unix:///run/psd-b.sock")
	env := endpoint.Settings{ConfigDir: cfg, Context: "ctxa"}

	first := mustClient(t, env)
	if mustClient(t, env) != first {
		t.Error("the same context got a second client")
	}
	if mustClient(t, endpoint.Settings{ConfigDir: cfg, Context: "ctxb"}) == first {
		t.Error("another context got the same client")
	}
	dockerIn(t, cfg, "context", "update", "ctxa", "--docker", host+",ca="+filepath.Join(tls, "wrong", "ca.pem"))
	if mustClient(t, env) == first {
		t.Error("a context with a new CA kept the client of the old one")
	}
}

func mustClient(t *testing.T, env endpoint.Settings) any {
	t.Helper()
	_, c, err := connect(env, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}
