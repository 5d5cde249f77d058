package bridge

import (
	"encoding/json"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/psdocker/psdocker/internal/engine"
)

// These tests go through the same functions the C ABI calls, against the
// real daemon, with the test image tests/image/build.sh makes.

func TestMain(m *testing.M) {
	if out, err := exec.Command("bash", "../../tests/image/build.sh").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// runningContainer starts a container that idles until the test ends.
func runningContainer(t *testing.T, prefix string) string {
	t.Helper()
	name := prefix + strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "")
	if out, err := exec.Command("docker", "run", "-d", "--network", "none", "--name", name, "psdocker-test:busybox", "sleep", "600").CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("docker", "rm", "-f", name).Run() })
	return name
}

func invoke(t *testing.T, req string) uint64 {
	t.Helper()
	h, errJSON := InvokeCommand([]byte(req))
	if errJSON != nil {
		t.Fatalf("Invoke: %s", errJSON)
	}
	t.Cleanup(func() { CloseCommand(h) })
	return h
}

func decodeReport(t *testing.T, h uint64) CommandReport {
	t.Helper()
	var i CommandReport
	if err := json.Unmarshal(GetCommandReport(h), &i); err != nil {
		t.Fatal(err)
	}
	return i
}

func TestRoundTripThroughHandles(t *testing.T) {
	name := runningContainer(t, "psd-bridge-")

	h := invoke(t, `{"container":"`+name+`","argv":["sh","-c","echo hi; exit 4"],"env":{"DOCKER_HOST":"`+os.Getenv("DOCKER_HOST")+`"}}`)
	buf := make([]byte, 2) // smaller than the output: it must come in pieces
	var out []byte
	statuses := map[engine.Status]bool{}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		s, stream, n := ReadCommandOutput(h, buf, 50*time.Millisecond)
		statuses[s] = true
		if s == engine.Data {
			if stream != 1 {
				t.Fatalf("stream %d", stream)
			}
			out = append(out, buf[:n]...)
		}
		if s == engine.Ended || s == engine.Failed {
			break
		}
	}
	if string(out) != "hi\n" || !statuses[engine.Started] || !statuses[engine.Ended] {
		t.Fatalf("out %q statuses %v", out, statuses)
	}
	i := decodeReport(t, h)
	if i.ExitCode == nil || *i.ExitCode != 4 || i.ExecID == "" || i.Container != name || i.Error != nil {
		t.Errorf("info %+v", i)
	}
}

func TestReportHasNoExitCodeBeforeTheEnd(t *testing.T) {
	h := invoke(t, `{"container":"psd-none","argv":["true"],"env":{"DOCKER_HOST":"unix:///nonexistent.sock"}}`)
	if i := decodeReport(t, h); i.ExitCode != nil || i.Error != nil || !strings.HasPrefix(i.Endpoint, "unix:///nonexistent.sock (DOCKER_HOST)") {
		t.Errorf("info before reading %+v", i)
	}
	for s := engine.Pending; s != engine.Failed; {
		if s, _, _ = ReadCommandOutput(h, make([]byte, 16), time.Second); s == engine.Ended {
			t.Fatal("ended, want failed")
		}
	}
	i := decodeReport(t, h)
	if i.Error == nil || i.Error.Kind != "DaemonUnreachable" || i.ExitCode != nil {
		t.Errorf("info %+v", i)
	}
}

func TestBadRequestsAndHandles(t *testing.T) {
	for _, req := range []string{`{`, `{"container":"x","argv":[]}`, `{"container":"","argv":["true"]}`} {
		if h, errJSON := InvokeCommand([]byte(req)); h != 0 || !strings.Contains(string(errJSON), `"kind":"InvalidRequest"`) {
			t.Errorf("InvokeCommand(%s) = %d, %s", req, h, errJSON)
		}
	}
	h := invoke(t, `{"container":"x","argv":["true"],"env":{"DOCKER_HOST":"unix:///nonexistent.sock"}}`)
	if !CloseCommand(h) || CloseCommand(h) || StopCommand(h) || GetCommandReport(h) != nil {
		t.Error("a closed handle must be unknown")
	}
	if s, _, _ := ReadCommandOutput(h, make([]byte, 1), 0); s != engine.InvalidHandle {
		t.Errorf("Read on a closed handle = %d", s)
	}
}

func TestListContainers(t *testing.T) {
	name := runningContainer(t, "psd-bridge-list-")
	list, errJSON := ListContainers([]byte(`{"env":{"DOCKER_HOST":"` + os.Getenv("DOCKER_HOST") + `"}}`))
	if errJSON != nil {
		t.Fatalf("error %s", errJSON)
	}
	var containers []struct{ Name, Image, Status, ID string }
	if err := json.Unmarshal(list, &containers); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(containers, func(c struct{ Name, Image, Status, ID string }) bool {
		return c.Name == name && c.Image == "psdocker-test:busybox" && len(c.ID) == 64 && c.Status != ""
	}) {
		t.Fatalf("list %s: want %s in it", list, name)
	}
	if _, errJSON := ListContainers([]byte(`{"env":{"DOCKER_HOST":"unix:///nonexistent.sock"},"timeoutMs":500}`)); !strings.Contains(string(errJSON), `"kind":"DaemonUnreachable"`) {
		t.Errorf("unreachable: %s", errJSON)
	}
}

// Calls give back what they take: handles, goroutines and clients return
// to where they were.
func TestStatsReturnToTheBaseline(t *testing.T) {
	name := runningContainer(t, "psd-bridge-stats-")
	req := `{"container":"` + name + `","argv":["echo","x"],"env":{"DOCKER_HOST":"` + os.Getenv("DOCKER_HOST") + `"}}`
	run := func() {
		h, errJSON := InvokeCommand([]byte(req))
		if errJSON != nil {
			t.Fatalf("Invoke: %s", errJSON)
		}
		for s := engine.Pending; s != engine.Ended; s, _, _ = ReadCommandOutput(h, make([]byte, 64), time.Second) {
			if s == engine.Failed {
				t.Fatalf("failed: %s", GetCommandReport(h))
			}
		}
		CloseCommand(h)
	}
	run() // the client is cached from here on
	var before, after LibraryStats
	json.Unmarshal(GetLibraryStats(), &before)
	for range 50 {
		run()
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		json.Unmarshal(GetLibraryStats(), &after)
		if after.Goroutines <= before.Goroutines+2 || time.Now().After(deadline) {
			break
		}
	}
	if after.Handles != before.Handles || after.CachedClients != before.CachedClients || after.Goroutines > before.Goroutines+2 {
		t.Errorf("before %+v, after 50 calls %+v", before, after)
	}
}
