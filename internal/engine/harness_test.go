package engine

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
)

// The tests run against the real daemon (DOCKER_HOST or the default socket)
// with the image tests/image/build.sh makes. Every test makes its own
// containers with unique names and removes them.

const testImage = "psdocker-test:busybox"

func TestMain(m *testing.M) {
	if os.Getenv("PSD_TEST_AS_NOBODY") == "1" { // see TestPermissionDeniedOnSocket
		os.Exit(m.Run())
	}
	// The offline tests need no daemon (offline_server_test.go):
	// PSDOCKER_OFFLINE=1 go test -run Offline ./internal/engine
	if os.Getenv("PSDOCKER_OFFLINE") == "1" {
		// Only the offline tests, unless -run chooses others.
		flag.Parse()
		if run := flag.Lookup("test.run"); run.Value.String() == "" {
			run.Value.Set("^TestOffline")
		}
		os.Exit(m.Run())
	}
	if out, err := exec.Command("bash", "../../tests/image/build.sh", testImage).CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "cannot build the test image: %v\n%s", err, out)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func docker(t testing.TB, args ...string) string {
	t.Helper()
	out, err := exec.Command("docker", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func uniqueName(t testing.TB) string {
	b := make([]byte, 4)
	rand.Read(b)
	name := strings.NewReplacer("/", "-", "_", "-").Replace(strings.ToLower(t.Name()))
	return fmt.Sprintf("psd-%s-%s", name, hex.EncodeToString(b))
}

// runningContainer starts a container that idles until removed. No network:
// the tests need none, and the default bridge is one thing less to go wrong.
func runningContainer(t testing.TB) string {
	name := uniqueName(t)
	docker(t, "run", "-d", "--network", "none", "--name", name, testImage, "sleep", "86400")
	t.Cleanup(func() { exec.Command("docker", "rm", "-f", name).Run() })
	return name
}

func envFromProcess() endpoint.Settings {
	return endpoint.Settings{Host: os.Getenv("DOCKER_HOST"), APIVersion: os.Getenv("DOCKER_API_VERSION")}
}

func start(t testing.TB, container string, timeout time.Duration, argv ...string) *Exec {
	t.Helper()
	x, err := Start(CommandRequest{Container: container, Argv: argv, TimeoutMs: (timeout).Milliseconds(), Settings: envFromProcess()})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(x.Stop)
	return x
}

// chunk is a run of output from one stream.
type chunk struct {
	stream OutputStream
	data   []byte
}

func (c chunk) String() string { return fmt.Sprintf("%d:%q", c.stream, c.data) }

// outcome is everything one exec produced, read to its terminal status.
type outcome struct {
	status         Status
	stdout, stderr bytes.Buffer
	chunks         []chunk
	started        bool
	result         Result
	at             time.Time // when the terminal status arrived
}

func readAll(t testing.TB, x *Exec, limit time.Duration) *outcome {
	t.Helper()
	o := &outcome{}
	buf := make([]byte, 64*1024)
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		status, stream, n := x.Read(buf, 100*time.Millisecond)
		switch status {
		case Pending:
			continue
		case Started:
			o.started = true
			continue
		case Data:
			if stream == Stdout {
				o.stdout.Write(buf[:n])
			} else {
				o.stderr.Write(buf[:n])
			}
			if k := len(o.chunks); k == 0 || o.chunks[k-1].stream != stream {
				o.chunks = append(o.chunks, chunk{stream: stream})
			}
			last := &o.chunks[len(o.chunks)-1]
			last.data = append(last.data, buf[:n]...)
			continue
		}
		o.status, o.result, o.at = status, x.Result(), time.Now()
		return o
	}
	t.Fatalf("no terminal status within %v", limit)
	return nil
}
