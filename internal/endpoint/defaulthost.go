package endpoint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	dcontext "github.com/docker/cli/cli/context"
	"github.com/docker/cli/cli/context/docker"
	"github.com/psdocker/psdocker/internal/messages"
)

// fromDefault is the default context's endpoint, as docker/cli's
// resolveDefaultDockerEndpoint builds it from DOCKER_HOST and the TLS
// variables (cli/flags' defaults, read from s instead of the process).
// host is DOCKER_HOST after opts.ParseHost.
func fromDefault(s Settings, dir, host string) (docker.Endpoint, error) {
	ep := docker.Endpoint{EndpointMeta: docker.EndpointMeta{Host: host}}
	if !useTLS(s) {
		return ep, nil
	}
	var err error
	certPath, named := s.CertPath, fmt.Sprintf(messages.CertPathFromVariable, s.CertPath)
	if certPath == "" {
		certPath, named = dir, fmt.Sprintf(messages.CertPathConfigFolder, dir)
	}
	// ca.pem is required; cert.pem and key.pem only when they exist, as in cli/flags.
	ca := filepath.Join(certPath, "ca.pem")
	cert := existing(filepath.Join(certPath, "cert.pem"))
	key := existing(filepath.Join(certPath, "key.pem"))
	ep.TLSData, err = dcontext.TLSDataFromFiles(ca, cert, key)
	if err != nil {
		return docker.Endpoint{}, &ConfigError{What: fmt.Sprintf(messages.TLSMaterialIn, named), Err: err}
	}
	ep.SkipTLSVerify = s.TLSVerify == ""
	return ep, nil
}

// existing is path, or "" when no file is there.
func existing(path string) string {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	return path
}

// useTLS: DOCKER_TLS or DOCKER_TLS_VERIFY, set to anything, turn TLS on.
func useTLS(s Settings) bool { return s.TLS != "" || s.TLSVerify != "" }
