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
	readMu      sync.Mutex // ReadCommandOutput is for one reader at a time
	outcomeRead bool       // the outcome was read, so the report is final; guarded by readMu
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

// InvokeCommand starts a CommandRequest and returns its handle, or an
// ErrorReport as JSON.
func InvokeCommand(requestJSON []byte) (uint64, []byte) {
	req, err := decode[engine.CommandRequest](requestJSON)
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

// ReadCommandOutput copies the next output of h into buf, waiting at most wait.
func ReadCommandOutput(h uint64, buf []byte, wait time.Duration) (engine.Status, engine.OutputStream, int) {
	e := lookup(h)
	if e == nil {
		return engine.InvalidHandle, 0, 0
	}
	e.readMu.Lock()
	defer e.readMu.Unlock()
	s, st, n := e.exec.Read(buf, wait)
	if s != engine.Data && s != engine.Pending && s != engine.Started {
		e.outcomeRead = true
	}
	return s, st, n
}

// StopCommand stops h; safe from any thread, also while another thread reads.
func StopCommand(h uint64) bool {
	e := lookup(h)
	if e == nil {
		return false
	}
	e.exec.Stop()
	return true
}

// GetCommandReport describes h as JSON; exit code, error and stop are set
// once ReadCommandOutput has returned the outcome.
func GetCommandReport(h uint64) []byte {
	e := lookup(h)
	if e == nil {
		return nil
	}
	e.readMu.Lock()
	defer e.readMu.Unlock()
	return encodeReport(e.exec, e.outcomeRead)
}

// CloseCommand stops h if it still runs, waits until the stop is checked
// (within StopReportBound and half a second), and forgets it.
func CloseCommand(h uint64) bool {
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
