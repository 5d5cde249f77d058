package endpoint

import (
	"fmt"
	"strings"

	"github.com/docker/docker/client"
	"github.com/psdocker/psdocker/internal/messages"
	"github.com/psdocker/psdocker/internal/sshmaster"
)

// ClientOpts are the client options docker/cli builds for e (TLS for tcp://,
// the ssh helper for ssh://) plus config.json's HttpHeaders, with the API
// version from apiVersion (DOCKER_API_VERSION as the caller sees it); empty
// means negotiate.
func (e Endpoint) ClientOpts(apiVersion string) ([]client.Opt, error) {
	opts, err := e.Endpoint.ClientOpts()
	if err != nil {
		return nil, &ConfigError{What: fmt.Sprintf(messages.TLSMaterialOf, e.String()), Err: err}
	}
	// docker/cli's list ends with WithVersionFromEnv and WithAPIVersionNegotiation.
	// The first reads the process environment, which in pwsh is not the
	// session's, so both are replaced. TestClientOptsIgnoreTheProcessEnvironment
	// notices if that ever changes.
	opts = opts[:len(opts)-2]
	if strings.HasPrefix(e.Host, "ssh://") {
		// One ssh connection per endpoint instead of an ssh process per
		// connection, where the platform allows (internal/sshmaster).
		if dial := sshmaster.Dialer(e.Host); dial != nil {
			opts = append(opts, client.WithDialContext(dial))
		}
	}
	if len(e.HTTPHeaders) > 0 {
		opts = append(opts, client.WithHTTPHeaders(e.HTTPHeaders))
	}
	if apiVersion != "" {
		opts = append(opts, client.WithVersion(apiVersion))
	} else {
		opts = append(opts, client.WithAPIVersionNegotiation())
	}
	return opts, nil
}
