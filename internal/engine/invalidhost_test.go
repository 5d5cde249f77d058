package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
)

// Issue 11, defect 6: unknown schemes were dialled as plain HTTP and came
// back as DaemonUnreachable for "http://bar/_ping".
func TestUnsupportedHostIsInvalidConfiguration(t *testing.T) {
	for _, host := range []string{"foo://bar", "http://127.0.0.1:2375", "tcp://127.0.0.1:notaport"} {
		x, err := Start(CommandRequest{Container: "any", Argv: []string{"true"}, Settings: endpoint.Settings{Host: host}})
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

// Issue 15: a password in an ssh:// DOCKER_HOST was echoed in the error, as
// tcp:// credentials already are not (the docker CLI refuses it and strips
// it from what it prints).
func TestAnSSHPasswordIsNeverEchoed(t *testing.T) {
	for _, host := range []string{"ssh://someone:s3cret-pw@127.0.0.1:1", "ssh://someone:s3cret-pw@127.0.0.1:1/path"} {
		x, err := Start(CommandRequest{Container: "any", Argv: []string{"true"}, Settings: endpoint.Settings{Host: host}})
		if err != nil {
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("%s: the password is in %q", host, err)
			}
			continue
		}
		o := readAll(t, x, 30*time.Second)
		if o.status != Failed || strings.Contains(o.result.Err.Error(), "s3cret") {
			t.Errorf("%s: status %v, error %q", host, o.status, o.result.Err)
		}
	}
}

// Issue 15: a name of white space only was sent to the daemon and came
// back as DaemonError.
func TestAWhiteSpaceNameIsAnInvalidRequest(t *testing.T) {
	for _, name := range []string{" ", "\t", "  \n"} {
		_, err := Start(CommandRequest{Container: name, Argv: []string{"true"}, Settings: envFromProcess()})
		if KindOf(err) != InvalidRequest {
			t.Errorf("%q: %v (kind %q), want InvalidRequest", name, err, KindOf(err))
		}
	}
}
