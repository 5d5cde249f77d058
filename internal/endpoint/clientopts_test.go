package endpoint

import (
	"testing"

	"github.com/docker/docker/api"
	"github.com/docker/docker/client"
)

// docker/cli's ClientOpts reads DOCKER_API_VERSION from the process; in pwsh
// that is not the session's value, so ClientOpts must drop that option.
func TestClientOptsIgnoreTheProcessEnvironment(t *testing.T) {
	t.Setenv("DOCKER_API_VERSION", "1.12")
	ep := resolve(t, Settings{ConfigDir: t.TempDir(), Host: "unix:///run/x.sock"})
	for apiVersion, want := range map[string]string{"": api.DefaultVersion, "1.41": "1.41"} {
		opts, err := ep.ClientOpts(apiVersion)
		if err != nil {
			t.Fatal(err)
		}
		c, err := client.NewClientWithOpts(opts...)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.ClientVersion(); got != want {
			t.Errorf("session DOCKER_API_VERSION=%q: client version %s, want %s", apiVersion, got, want)
		}
		c.Close()
	}
}

func TestKeysDifferByHostTLSMaterialAndAPIVersion(t *testing.T) {
	a := resolve(t, Settings{ConfigDir: t.TempDir(), Host: "tcp://127.0.0.1:1"})
	b := a
	b.Endpoint.TLSData = nil
	if a.Key("") != b.Key("") {
		t.Error("same endpoint, different keys")
	}
	if a.Key("") == a.Key("1.41") {
		t.Error("the API version must be part of the key")
	}
	c := resolve(t, Settings{ConfigDir: t.TempDir(), Host: "tcp://127.0.0.1:2"})
	if a.Key("") == c.Key("") {
		t.Error("the host must be part of the key")
	}
}
