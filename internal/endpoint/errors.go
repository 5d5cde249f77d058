package endpoint

import (
	"fmt"
	"strings"

	"github.com/psdocker/psdocker/internal/messages"
)

// ContextNotFoundError: the chosen context is not in the context store.
type ContextNotFoundError struct {
	Choice
	StoreDir string
}

func (e *ContextNotFoundError) Error() string {
	return fmt.Sprintf(messages.ContextNotFound,
		e.Context, e.StoreDir, e.Origin())
}

// InvalidHostError: an address that names no supported kind of endpoint, or
// cannot be parsed.
type InvalidHostError struct {
	Choice
	Host   string
	Reason string
}

func (e *InvalidHostError) Error() string {
	return fmt.Sprintf(messages.InvalidHost,
		e.Host, strings.TrimSuffix(e.Reason, "."), e.Origin(), messages.SupportedSchemes)
}

// ConfigError: config.json, a context or TLS material cannot be read.
type ConfigError struct {
	What string // the file or setting, named so it can be fixed
	Err  error
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf(messages.CannotUse, e.What, e.Err)
}

func (e *ConfigError) Unwrap() error { return e.Err }
