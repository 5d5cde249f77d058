package engine

import (
	"net"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
)

// Faults a user meets in production, each against a real daemon: the
// daemon killed or stopped (a private dockerd, see daemon_test.go), the
// container killed, a daemon too slow to answer (a proxy that stalls).

func readUntilData(t testing.TB, x *Exec, want string) {
	t.Helper()
	buf := make([]byte, 1024)
	var got []byte
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(string(got), want); {
		s, _, n := x.Read(buf, time.Second)
		if s != Data && s != Pending && s != Started || time.Now().After(deadline) {
			t.Fatalf("status %v before %q arrived (got %q)", s, want, got)
		}
		got = append(got, buf[:n]...)
	}
}

func TestDaemonKilledMidStreamIsAConnectionErrorAndTheNextCallWorks(t *testing.T) {
	d := startPrivateDaemon(t)
	c := d.container(t)
	x, err := Start(CommandRequest{Container: c, Argv: []string{"sh", "-c", "echo before; sleep 30"}, Settings: d.env()})
	if err != nil {
		t.Fatal(err)
	}
	readUntilData(t, x, "before\n")
	ended := make(chan *outcome, 1)
	go func() { o := readAll(t, x, 30*time.Second); ended <- o }()
	killed := d.kill(t)
	o := <-ended
	if o.status != Failed || KindOf(o.result.Err) != StreamBroken || !strings.Contains(o.result.Err.Error(), "connection to the Docker daemon") {
		t.Fatalf("status %v err %v, want Failed with StreamBroken", o.status, o.result.Err)
	}
	took := o.at.Sub(killed)
	if took > 2*time.Second {
		t.Errorf("the call ended %v after the kill, want within 2 s", took)
	}
	t.Logf("the call ended %v after dockerd was killed: %v", took, o.result.Err)
	d.start(t) // the same Env, so the same cached client
	o = readAll(t, start2(t, d, d.container(t)), 30*time.Second)
	if o.status != Ended || o.stdout.String() != "ok\n" {
		t.Fatalf("after the restart: status %v err %v stdout %q", o.status, o.result.Err, o.stdout.String())
	}
}

func TestDaemonStoppedBetweenCalls(t *testing.T) {
	d := startPrivateDaemon(t)
	c := d.container(t)
	if o := readAll(t, start2(t, d, c), 30*time.Second); o.status != Ended {
		t.Fatalf("first call: %v %v", o.status, o.result.Err)
	}
	d.kill(t)
	if o := readAll(t, start2(t, d, c), 30*time.Second); o.status != Failed || KindOf(o.result.Err) != DaemonUnreachable {
		t.Fatalf("while stopped: status %v err %v, want DaemonUnreachable", o.status, o.result.Err)
	}
	d.start(t)
	if o := readAll(t, start2(t, d, d.container(t)), 30*time.Second); o.status != Ended || o.stdout.String() != "ok\n" {
		t.Fatalf("after the start: status %v err %v", o.status, o.result.Err)
	}
}

func start2(t testing.TB, d *privateDaemon, c string) *Exec {
	t.Helper()
	x, err := Start(CommandRequest{Container: c, Argv: []string{"echo", "ok"}, Settings: d.env()})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestContainerKilledMidStreamEndsWithItsExitCode(t *testing.T) {
	web := runningContainer(t)
	x := start(t, web, 0, "sh", "-c", "echo before; sleep 30")
	readUntilData(t, x, "before\n")
	docker(t, "kill", web)
	o := readAll(t, x, 10*time.Second)
	if o.status != Ended || !o.result.ExitKnown || o.result.ExitCode != 137 {
		t.Fatalf("status %v exit %d known %v err %v, want Ended with 137", o.status, o.result.ExitCode, o.result.ExitKnown, o.result.Err)
	}
}

// stallingProxy forwards a unix socket to the daemon's, until stall is set:
// then it forwards nothing more, in either direction, on any connection.
type stallingProxy struct {
	host  string
	stall atomic.Bool
	mu    sync.Mutex
	conns []net.Conn
}

func newStallingProxy(t testing.TB) *stallingProxy {
	t.Helper()
	ep, err := resolve(envFromProcess(), "")
	if err != nil {
		t.Fatal(err)
	}
	target := strings.TrimPrefix(ep.Host, "unix://")
	path := filepath.Join(t.TempDir(), "proxy.sock")
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	p := &stallingProxy{host: "unix://" + path}
	t.Cleanup(func() {
		ln.Close()
		p.stall.Store(false)
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, c := range p.conns {
			c.Close()
		}
	})
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("unix", target)
			if err != nil {
				in.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, in, out)
			p.mu.Unlock()
			go p.copy(out, in)
			go p.copy(in, out)
		}
	}()
	return p
}

func (p *stallingProxy) copy(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		for p.stall.Load() {
			time.Sleep(10 * time.Millisecond)
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// The daemon stops answering mid-command: the timeout still fires on time,
// and the stop, which cannot reach the daemon, is reported as unconfirmed
// instead of holding the caller.
func TestASlowDaemonDoesNotDelayATimeout(t *testing.T) {
	if ep, err := resolve(envFromProcess(), ""); err != nil || !strings.HasPrefix(ep.Host, "unix://") {
		t.Skipf("the proxy forwards a unix socket; the daemon is at %s (%v)", ep.Host, err)
	}
	p := newStallingProxy(t)
	web := runningContainer(t)
	began := time.Now()
	x, err := Start(CommandRequest{Container: web, Argv: []string{"sh", "-c", "echo before; sleep 331"}, TimeoutMs: (2 * time.Second).Milliseconds(), Settings: endpoint.Settings{Host: p.host}})
	if err != nil {
		t.Fatal(err)
	}
	readUntilData(t, x, "before\n")
	p.stall.Store(true)
	o := readAll(t, x, 30*time.Second)
	took := time.Since(began)
	// The stop cannot be checked while the daemon stalls: it is reported
	// unconfirmed once StopReportBound has passed.
	if bound := 2*time.Second + StopReportBound + time.Second; o.status != TimedOut || took > bound {
		t.Fatalf("status %v after %v, want TimedOut within %v", o.status, took, bound)
	}
	t.Logf("a 2 s timeout reported after %v with the daemon stalled", took)
	assertStop(t, x, StopUnconfirmed)
	// Once the daemon answers again, the stop requested in the background
	// goes through and ends the process.
	p.stall.Store(false)
	waitGone(t, web, "sleep 331", time.Now().Add(10*time.Second))
}

func TestASlowDaemonDoesNotDelayAStop(t *testing.T) {
	if ep, err := resolve(envFromProcess(), ""); err != nil || !strings.HasPrefix(ep.Host, "unix://") {
		t.Skipf("the proxy forwards a unix socket; the daemon is at %s (%v)", ep.Host, err)
	}
	p := newStallingProxy(t)
	web := runningContainer(t)
	x, err := Start(CommandRequest{Container: web, Argv: []string{"sh", "-c", "echo before; sleep 332"}, Settings: endpoint.Settings{Host: p.host}})
	if err != nil {
		t.Fatal(err)
	}
	readUntilData(t, x, "before\n")
	p.stall.Store(true)
	stopped := time.Now()
	x.Stop()
	o := readAll(t, x, 30*time.Second)
	took := time.Since(stopped)
	if bound := StopReportBound + time.Second; o.status != Stopped || took > bound {
		t.Fatalf("status %v after %v, want Stopped within %v", o.status, took, bound)
	}
	assertStop(t, x, StopUnconfirmed)
	t.Logf("a stop returned after %v with the daemon stalled", took)
	p.stall.Store(false)
	waitGone(t, web, "sleep 332", time.Now().Add(10*time.Second))
}
