package contract

import (
	"time"

	"github.com/psdocker/psdocker/internal/engine"
)

// compiled are the values of the constants marked //contract:bound, as Go
// computes them (the source says StopGrace + 5*time.Second; the generator
// reads the marks, not the arithmetic). Read fails while a marked constant
// is missing here or a constant here is not marked.
var compiled = map[string]time.Duration{
	"StopGrace":       engine.StopGrace,
	"StopReportBound": engine.StopReportBound,
	"ListTimeout":     engine.ListTimeout,
}
