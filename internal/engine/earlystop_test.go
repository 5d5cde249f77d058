package engine

import (
	"net"
	"sync"
	"testing"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
)

// A daemon that accepts connections and never answers: a timeout or Stop
// during ping or create must be reported as such, never as "daemon
// unreachable" (the client reports the cancelled dial as a connection
// failure). Reading only after the stop lets that failure win the race
// every time, as it did now and then for a reader that was already waiting.
func TestAStopBeforeTheExecStartedIsAStop(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, never answered
		}
	}()
	env := endpoint.Settings{Host: "tcp://" + ln.Addr().String()}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stopAfter := time.Duration(100+i) * time.Millisecond
			req := CommandRequest{Container: "c", Argv: []string{"true"}, Settings: env}
			want := Stopped
			if i%2 == 0 {
				req.TimeoutMs, want = stopAfter.Milliseconds(), TimedOut
			}
			x, err := Start(req)
			if err != nil {
				t.Error(err)
				return
			}
			if want == Stopped {
				time.AfterFunc(stopAfter, x.Stop)
			}
			time.Sleep(stopAfter + 300*time.Millisecond)
			if o := readAll(t, x, 30*time.Second); o.status != want {
				t.Errorf("status %v err %v, want %v", o.status, o.result.Err, want)
			}
		}()
	}
	wg.Wait()
}
