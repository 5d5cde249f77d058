package endpoint

import (
	"fmt"
	"strings"
)

// ContextNotFoundError: the chosen context is not in the context store.
type ContextNotFoundError struct {
	Choice
	StoreDir string
}

func (e *ContextNotFoundError) Error() string {
	return fmt.Sprintf("Docker context %q does not exist in %s. %s Run docker context ls to list the contexts, or docker context use default to use the default endpoint.",
		e.Context, e.StoreDir, e.Origin())
}

// InvalidHostError: an address that names no supported kind of endpoint, or
// cannot be parsed.
type InvalidHostError struct {
	Choice
	Host   string
	Reason string
}

// SupportedSchemes is the list an InvalidHostError offers.
const SupportedSchemes = "unix:///path/to/socket, tcp://host:port, ssh://[user@]host[:port] and, on Windows, npipe:////./pipe/name"

func (e *InvalidHostError) Error() string {
	return fmt.Sprintf("%q is not a Docker endpoint PSDocker can use: %s. %s Supported are %s.",
		e.Host, strings.TrimSuffix(e.Reason, "."), e.Origin(), SupportedSchemes)
}

// ConfigError: config.json, a context or TLS material cannot be read.
type ConfigError struct {
	What string // the file or setting, named so it can be fixed
	Err  error
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("cannot use %s: %v", e.What, e.Err)
}

func (e *ConfigError) Unwrap() error { return e.Err }
