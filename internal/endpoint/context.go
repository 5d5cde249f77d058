package endpoint

import (
	"fmt"
	"path/filepath"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/cli/cli/context/docker"
	"github.com/docker/cli/cli/context/store"
	"github.com/psdocker/psdocker/internal/messages"
)

// storeConfig is docker/cli's DefaultContextStoreConfig without cli/command:
// contexts with a docker endpoint; other metadata is kept as a map.
var storeConfig = store.NewConfig(
	func() any { return &map[string]any{} },
	store.EndpointTypeGetter(docker.DockerEndpoint, func() any { return &docker.EndpointMeta{} }),
)

// fromContext reads the docker endpoint and TLS material of a named context
// from the store in dir, as docker/cli's resolveDockerEndpoint does.
func fromContext(dir string, c Choice) (docker.Endpoint, error) {
	name := c.Context
	storeDir := filepath.Join(dir, "contexts")
	s := store.New(storeDir, storeConfig)
	meta, err := s.GetMetadata(name)
	if cerrdefs.IsNotFound(err) {
		return docker.Endpoint{}, &ContextNotFoundError{Choice: c, StoreDir: storeDir}
	}
	if err != nil {
		return docker.Endpoint{}, &ConfigError{What: fmt.Sprintf(messages.DockerContext, name), Err: err}
	}
	epMeta, err := docker.EndpointFromContext(meta)
	if err != nil {
		return docker.Endpoint{}, &ConfigError{What: fmt.Sprintf(messages.DockerContext, name), Err: err}
	}
	ep, err := docker.WithTLSData(s, name, epMeta)
	if err != nil {
		return docker.Endpoint{}, &ConfigError{What: fmt.Sprintf(messages.TLSMaterialOfContext, name), Err: err}
	}
	return ep, nil
}
