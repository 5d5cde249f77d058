package engine

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
)

// The offline tests (TestOffline...) run the engine against fakeDaemon, an
// in-process stand-in for the Engine API that answers with what a real
// daemon sent: testdata/engineapi holds responses recorded from Docker
// 20.10 and Podman 4.3 (its README.md says how). They need no daemon:
//
//	PSDOCKER_OFFLINE=1 go test -run Offline ./internal/engine

const recordings = "testdata/engineapi"

// frame is one write of the exec's output: what one stdcopy frame carries.
type frame struct {
	stream OutputStream
	data   string
}

// execScript is one exec as the daemon runs it.
type execScript struct {
	output  []frame // written on the attach, in order
	running string  // exec inspect's answer while the process runs
	ended   string  // its answer once the process has ended: the exit code
	// endedBeforeOutput: exec inspect says ended from the start, as it does
	// when the runtime could not start the process (the daemon marks the
	// exec ended, then writes its error text), and when the client looks at
	// a program's output only after the program ended.
	endedBeforeOutput bool
	// endsOnceSeenRunning: the process ends only after exec inspect has
	// said it runs, as a program that goes on after its output. The client
	// inspects when output looks like a start error.
	endsOnceSeenRunning bool
	// untilHangUp: the process runs until the client hangs up, as a command
	// that a test times out or stops.
	untilHangUp bool
}

// fakeConfig is what a fake daemon answers. It is fixed before the server
// starts, so the handlers read it without a lock.
type fakeConfig struct {
	daemon    string // "docker" or "podman": whose ping headers, version and attach head it sends
	refusal   string // exec create's recorded refusal; "" creates the exec
	container string // container inspect's recorded answer: asked after a state conflict
	exec      execScript
}

type fakeDaemon struct {
	fakeConfig
	t        testing.TB
	settings endpoint.Settings // what a CommandRequest needs to reach this daemon

	seenRunning     chan struct{} // closed when exec inspect first says the process runs
	seenRunningOnce sync.Once

	mu      sync.Mutex
	ended   bool          // the process has ended: exec inspect says so
	created execCreateReq // what the client asked exec create for
}

// execCreateReq is the part of exec create's request body the tests check.
type execCreateReq struct {
	AttachStdout, AttachStderr bool
	Cmd, Env                   []string
}

func newFakeDaemon(t testing.TB, c fakeConfig) *fakeDaemon {
	t.Helper()
	d := &fakeDaemon{fakeConfig: c, t: t, seenRunning: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_ping", d.ping) // HEAD too: the client tries HEAD first
	mux.HandleFunc("GET /{v}/version", d.version)
	mux.HandleFunc("POST /{v}/containers/{name}/exec", d.execCreate)
	mux.HandleFunc("POST /{v}/exec/{id}/start", d.execStart)
	mux.HandleFunc("GET /{v}/exec/{id}/json", d.execInspect)
	mux.HandleFunc("GET /{v}/containers/{name}/json", d.containerInspect)
	mux.HandleFunc("/", d.unexpected)
	server := httptest.NewServer(mux)
	t.Cleanup(server.Close)

	// The engine keeps a client per endpoint (client.go), and the client
	// remembers what it learned about its daemon (API version, Podman or
	// not). The kernel may give a closed fake's port to a later fake; a
	// header of its own in config.json (HttpHeaders, part of the client's
	// key) gives each fake a client of its own.
	dir := scratchDir(t)
	config := fmt.Sprintf(`{"HttpHeaders": {"X-Psdocker-Fake": %q}}`, randomID())
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	d.settings = endpoint.Settings{Host: "tcp://" + server.Listener.Addr().String(), ConfigDir: dir}
	return d
}

// start runs argv in container through the engine against d.
func (d *fakeDaemon) start(t testing.TB, container string, timeout time.Duration, argv ...string) *Exec {
	t.Helper()
	x, err := Start(CommandRequest{Container: container, Argv: argv, TimeoutMs: timeout.Milliseconds(), Settings: d.settings})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(x.Stop)
	return x
}

// ping answers the client's API version negotiation with the daemon's
// recorded headers (Api-Version above all).
func (d *fakeDaemon) ping(w http.ResponseWriter, r *http.Request) {
	headers, ok := d.load(w, r, d.daemon+"-ping.headers.txt")
	if !ok {
		return
	}
	for _, line := range strings.Split(strings.TrimSpace(string(headers)), "\n") {
		name, value, _ := strings.Cut(line, ":")
		w.Header().Set(name, strings.TrimSpace(value))
	}
	io.WriteString(w, "OK")
}

// version is asked to tell Podman from Docker (podmanstart.go).
func (d *fakeDaemon) version(w http.ResponseWriter, r *http.Request) {
	d.reply(w, r, d.daemon+"-version.json")
}

func (d *fakeDaemon) execCreate(w http.ResponseWriter, r *http.Request) {
	var req execCreateReq
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		d.t.Errorf("exec create: %v", err)
	}
	d.mu.Lock()
	d.created = req
	d.mu.Unlock()
	if d.refusal != "" {
		d.reply(w, r, d.refusal)
		return
	}
	d.reply(w, r, d.daemon+"-exec-create.201.json")
}

// execStart is the attach: the daemon takes over the connection, answers
// 101 with its recorded head, then writes the output as stdcopy frames.
// Closing the connection ends the stream.
func (d *fakeDaemon) execStart(w http.ResponseWriter, r *http.Request) {
	head, ok := d.load(w, r, d.daemon+"-exec-start.head.txt")
	if !ok {
		return
	}
	// The daemon reads the request ({"Detach":false,"Tty":false}) first.
	// Unread, it would turn the close that ends the stream into a reset.
	io.Copy(io.Discard, r.Body)
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		d.t.Errorf("hijack: %v", err)
		return
	}
	defer conn.Close()
	if d.exec.endedBeforeOutput {
		d.end()
	}
	// The file has the head's lines; HTTP wants each ended by CRLF, and an
	// empty line after them.
	headLines := strings.Split(strings.TrimSpace(strings.ReplaceAll(string(head), "\r", "")), "\n")
	rw.WriteString(strings.Join(headLines, "\r\n") + "\r\n\r\n")
	for _, f := range d.exec.output {
		// The header: the stream, three zero bytes, the size (big-endian).
		var header [8]byte
		header[0] = byte(f.stream)
		binary.BigEndian.PutUint32(header[4:], uint32(len(f.data)))
		rw.Write(header[:])
		rw.WriteString(f.data)
		if err := rw.Flush(); err != nil {
			return // the client hung up
		}
	}
	if d.exec.untilHangUp {
		io.Copy(io.Discard, rw) // returns when the client closes the connection
		return
	}
	if d.exec.endsOnceSeenRunning {
		// A client that never looks meets a program that ends a while
		// after its output; the test's outcome tells.
		select {
		case <-d.seenRunning:
		case <-time.After(5 * time.Second):
		}
	}
	d.end() // before the connection closes: the client asks right after
}

func (d *fakeDaemon) end() {
	d.mu.Lock()
	d.ended = true
	d.mu.Unlock()
}

func (d *fakeDaemon) execInspect(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	ended := d.ended
	d.mu.Unlock()
	switch {
	case d.exec.untilHangUp:
		// Only the stop (stop.go) asks about a process that runs until the
		// client hangs up. Its next step would be the stop helper, a shell
		// in the container, which is beyond this fake: it answers as the
		// daemon does for an exec whose container was removed meanwhile, so
		// the stop finds nothing left to end.
		d.reply(w, r, d.daemon+"-exec-inspect-missing.404.json")
	case ended:
		d.reply(w, r, d.exec.ended)
	default:
		d.seenRunningOnce.Do(func() { close(d.seenRunning) })
		d.reply(w, r, d.exec.running)
	}
}

func (d *fakeDaemon) containerInspect(w http.ResponseWriter, r *http.Request) {
	d.reply(w, r, d.container)
}

// unexpected answers what the fake does not know, and fails the test: a
// test must say what each call the engine makes meets.
func (d *fakeDaemon) unexpected(w http.ResponseWriter, r *http.Request) {
	d.t.Errorf("the fake daemon does not answer %s %s", r.Method, r.URL.Path)
	http.Error(w, "not in the fake", http.StatusNotImplemented)
}

// reply sends a recorded JSON response with its recorded status code.
func (d *fakeDaemon) reply(w http.ResponseWriter, r *http.Request, name string) {
	body, ok := d.load(w, r, name)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(recordedStatus(name))
	w.Write(body)
}

// load reads a recording; when it cannot, the test fails and the client
// gets a 500.
func (d *fakeDaemon) load(w http.ResponseWriter, r *http.Request, name string) ([]byte, bool) {
	if name == "" {
		d.t.Errorf("the test gave the fake daemon no answer for %s %s", r.Method, r.URL.Path)
		http.Error(w, "no answer configured", http.StatusInternalServerError)
		return nil, false
	}
	b, err := os.ReadFile(filepath.Join(recordings, name))
	if err != nil {
		d.t.Errorf("recording: %v", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return nil, false
	}
	return b, true
}

// recordedStatus is the status code a recording's name carries, as in
// "docker-exec-create-paused.409.json"; a name without one was a 200.
func recordedStatus(name string) int {
	parts := strings.Split(name, ".")
	if len(parts) == 3 {
		if code, err := strconv.Atoi(parts[1]); err == nil {
			return code
		}
	}
	return http.StatusOK
}

// recorded is a recording's text, for a test's expectations and output.
func recorded(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(recordings, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// lines is a recorded text as the daemon wrote it: one frame per line.
func lines(stream OutputStream, text string) []frame {
	var frames []frame
	for _, line := range strings.SplitAfter(text, "\n") {
		if line != "" {
			frames = append(frames, frame{stream, line})
		}
	}
	return frames
}

var statusNames = map[Status]string{
	Data: "Data", Pending: "Pending", Started: "Started", Ended: "Ended", Failed: "Failed",
	TimedOut: "TimedOut", Stopped: "Stopped", InvalidHandle: "InvalidHandle",
}

// trace reads x to its outcome with a buffer of bufSize bytes: each status
// in order, Data as "stream:text" (1 stdout, 2 stderr); Pending is left out.
func trace(t testing.TB, x *Exec, bufSize int) []string {
	t.Helper()
	buf := make([]byte, bufSize)
	var got []string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		switch s, stream, n := x.Read(buf, 100*time.Millisecond); s {
		case Pending:
		case Data:
			got = append(got, fmt.Sprintf("%d:%s", stream, buf[:n]))
		case Started:
			got = append(got, "Started")
		default:
			return append(got, statusNames[s])
		}
	}
	t.Fatalf("no outcome within 10 s; so far %q", got)
	return nil
}

// scratchDir is a temporary folder removed after the test. Not t.TempDir:
// under wine (tests/platforms) removing it fails, which fails the test.
func scratchDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "psd-offline-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
