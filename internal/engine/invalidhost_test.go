package engine

import (
	"strings"
	"testing"
	"time"
)

// Issue 11, defect 6: unknown schemes were dialled as plain HTTP and came
// back as DaemonUnreachable for "http://bar/_ping".
func TestUnsupportedHostIsInvalidConfiguration(t *testing.T) {
	for _, host := range []string{"foo://bar", "http://127.0.0.1:2375", "tcp://127.0.0.1:notaport"} {
		x, err := Start(Request{Container: "any", Argv: []string{"true"}, Env: Env{Host: host}})
		if err != nil {
			t.Fatal(err)
		}
		o := readAll(t, x, 30*time.Second)
		assertFailure(t, o, InvalidConfiguration, host)
		for _, want := range []string{"unix://", "tcp://", "ssh://", "DOCKER_HOST"} {
			if !strings.Contains(o.result.Err.Error(), want) {
				t.Errorf("%q does not name %s", o.result.Err, want)
			}
		}
		if strings.Contains(o.result.Err.Error(), "_ping") {
			t.Errorf("%s was dialled: %v", host, o.result.Err)
		}
	}
}
