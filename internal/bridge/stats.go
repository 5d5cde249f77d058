package bridge

import (
	"encoding/json"
	"runtime"

	"github.com/psdocker/psdocker/internal/engine"
)

// LibraryStats is what GetLibraryStats returns: what the library holds now,
// so tests and -Debug can see that calls give back what they took.
//
//contract:json
type LibraryStats struct {
	Handles       int `json:"handles"`       // commands not yet closed
	Goroutines    int `json:"goroutines"`    // the Go runtime's, all of them
	CachedClients int `json:"cachedClients"` // Docker clients kept for their connections
}

// GetLibraryStats describes the library's live resources as JSON.
func GetLibraryStats() []byte {
	table.Lock()
	handles := len(table.entries)
	table.Unlock()
	b, _ := json.Marshal(LibraryStats{Handles: handles, Goroutines: runtime.NumGoroutine(), CachedClients: engine.CachedClients()})
	return b
}
