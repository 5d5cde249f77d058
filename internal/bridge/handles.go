package bridge

import (
	"sync"
	"time"

	"github.com/psdocker/psdocker/internal/engine"
)

// Handles are plain numbers, never pointers, so a stale or doubled handle
// from the caller is an error instead of a crash.
type entry struct {
	exec        *engine.Exec
	readMu      sync.Mutex // Read is for one reader at a time
	outcomeRead bool       // Read returned the outcome, so Result is final; guarded by readMu
}

var table struct {
	sync.Mutex
	next    uint64
	entries map[uint64]*entry
}

func lookup(h uint64) *entry {
	table.Lock()
	defer table.Unlock()
	return table.entries[h]
}

// Invoke starts a request and returns its handle, or an error as JSON.
func Invoke(requestJSON []byte) (uint64, []byte) {
	req, err := decodeRequest(requestJSON)
	if err != nil {
		return 0, encodeError(err)
	}
	x, err := engine.Start(req)
	if err != nil {
		return 0, encodeError(err)
	}
	table.Lock()
	defer table.Unlock()
	if table.entries == nil {
		table.entries = map[uint64]*entry{}
	}
	table.next++
	table.entries[table.next] = &entry{exec: x}
	return table.next, nil
}

// Read copies the next output of h into buf, waiting at most wait.
func Read(h uint64, buf []byte, wait time.Duration) (status int, stream int, n int) {
	e := lookup(h)
	if e == nil {
		return StatusInvalidHandle, 0, 0
	}
	e.readMu.Lock()
	defer e.readMu.Unlock()
	s, st, n := e.exec.Read(buf, wait)
	if s != engine.Data && s != engine.Pending && s != engine.Started {
		e.outcomeRead = true
	}
	return statusCode(s), streamCode(st), n
}

// Cancel stops h; safe from any thread, also while another thread reads.
func Cancel(h uint64) bool {
	e := lookup(h)
	if e == nil {
		return false
	}
	e.exec.Cancel()
	return true
}

// Info describes h as JSON; exit code, error and stop are set once Read has
// returned the outcome.
func Info(h uint64) []byte {
	e := lookup(h)
	if e == nil {
		return nil
	}
	e.readMu.Lock()
	defer e.readMu.Unlock()
	return encodeInfo(e.exec, e.outcomeRead)
}

// Close stops h if it still runs, waiting (briefly) until the daemon has the
// request to end the process, and forgets it.
func Close(h uint64) bool {
	table.Lock()
	e := table.entries[h]
	delete(table.entries, h)
	table.Unlock()
	if e == nil {
		return false
	}
	e.exec.Close()
	return true
}
