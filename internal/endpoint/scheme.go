package endpoint

import (
	"runtime"
	"strings"
)

// unsupportedScheme says why host cannot be used, or "" when its scheme is
// one the client can dial. docker/cli passes anything with a scheme to the
// client, which would dial an unknown one as plain HTTP.
func unsupportedScheme(host string) string {
	scheme, rest, ok := strings.Cut(host, "://")
	switch {
	case !ok:
		return "it has no scheme"
	case scheme == "unix" || scheme == "tcp" || scheme == "ssh":
	case scheme == "npipe" && runtime.GOOS == "windows":
	case scheme == "npipe":
		return "named pipes exist only on Windows"
	default:
		return "the scheme " + scheme + ":// is not supported"
	}
	if rest == "" {
		return "the address after " + scheme + ":// is empty"
	}
	return ""
}
