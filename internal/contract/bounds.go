package contract

import (
	"time"

	"github.com/psdocker/psdocker/internal/engine"
)

// Bound is a duration both sides must agree on, as Go compiles it.
type Bound struct {
	Name string
	Doc  string
	D    time.Duration
}

// bounds are the durations the C# side takes from Go instead of repeating.
var bounds = []Bound{
	{"StopReport", "How long the library waits for a stop to be checked before it reports it unconfirmed.", engine.StopReportBound},
	{"ListTimeout", "How long ListContainers waits for the daemon: tab completion must answer within a second.", engine.ListTimeout},
}
