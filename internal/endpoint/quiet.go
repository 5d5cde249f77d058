package endpoint

import (
	"io"

	"github.com/sirupsen/logrus"
)

// docker/cli's packages log through logrus, to the process's stderr: inside
// pwsh that would be text on the console that no stream owns. What they log
// (an unknown file in a context's TLS folder, ssh's stderr at debug level)
// reaches the user through the errors instead, or not at all.
func init() { logrus.SetOutput(io.Discard) }
