package endpoint

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/psdocker/psdocker/internal/messages"
)

// unsupportedScheme says why host cannot be used, or "" when its scheme is
// one the client can dial. docker/cli passes anything with a scheme to the
// client, which would dial an unknown one as plain HTTP.
func unsupportedScheme(host string) string {
	scheme, rest, ok := strings.Cut(host, "://")
	switch {
	case !ok:
		return messages.NoScheme
	case scheme == "unix" || scheme == "tcp" || scheme == "ssh":
	case scheme == "npipe" && runtime.GOOS == "windows":
	case scheme == "npipe":
		return messages.NamedPipesWindows
	default:
		return fmt.Sprintf(messages.SchemeUnsupported, scheme)
	}
	if rest == "" {
		return fmt.Sprintf(messages.AddressEmpty, scheme)
	}
	return ""
}
