package engine

import (
	"sync"

	"github.com/docker/docker/client"
	"github.com/psdocker/psdocker/internal/endpoint"
)

// Env is the configuration of one call, taken from the caller's environment
// at call time. It is passed in explicitly because a host such as pwsh keeps
// its own copy of the environment that native code never sees.
type Env struct {
	Host       string // DOCKER_HOST; wins over any context
	APIVersion string // DOCKER_API_VERSION; empty means negotiate
	CertPath   string // DOCKER_CERT_PATH; holds ca.pem, cert.pem, key.pem
	TLSVerify  string // DOCKER_TLS_VERIFY; non-empty means TLS, verifying the daemon
	TLS        string // DOCKER_TLS; non-empty means TLS
	Context    string // DOCKER_CONTEXT
	ConfigDir  string // DOCKER_CONFIG; default ~/.docker
	Home       string // HOME (USERPROFILE on Windows), where ~ is
}

func (e Env) settings() endpoint.Settings {
	return endpoint.Settings{
		Host:      e.Host,
		Context:   e.Context,
		ConfigDir: e.ConfigDir,
		Home:      e.Home,
		CertPath:  e.CertPath,
		TLSVerify: e.TLSVerify,
		TLS:       e.TLS,
	}
}

// resolve finds the daemon this Env selects, the way the docker CLI does.
// It reads config.json and the context store each time, so a docker context
// use in another terminal applies to the next call.
func (e Env) resolve() (endpoint.Endpoint, error) {
	ep, err := endpoint.Resolve(e.settings())
	if err != nil {
		return ep, endpointError(err)
	}
	return ep, nil
}

// endpoint is the daemon this Env selects as -Verbose shows it: the address,
// the context and what chose it.
func (e Env) endpoint() string {
	ep, err := endpoint.Resolve(e.settings())
	if err != nil && ep.Host == "" {
		return e.Host
	}
	return ep.String()
}

// clients caches one client per resolved endpoint and TLS material: a client
// keeps its connections and its negotiated API version, which saves a
// /_ping round trip and a dial (for ssh://, an ssh login) per call.
var clients struct {
	sync.Mutex
	byKey map[string]*client.Client
}

// maxCachedClients bounds the cache for sessions that keep changing endpoints.
const maxCachedClients = 8

// clientFor resolves env and returns the client for its endpoint.
func clientFor(env Env) (*client.Client, error) {
	ep, err := env.resolve()
	if err != nil {
		return nil, err
	}
	key := ep.Key(env.APIVersion)
	clients.Lock()
	defer clients.Unlock()
	if c, ok := clients.byKey[key]; ok {
		return c, nil
	}
	opts, err := ep.ClientOpts(env.APIVersion)
	if err != nil {
		return nil, endpointError(err)
	}
	c, err := client.NewClientWithOpts(opts...)
	if err != nil {
		return nil, &Error{Kind: InvalidConfiguration, Endpoint: ep.Host, Err: err}
	}
	if clients.byKey == nil || len(clients.byKey) >= maxCachedClients {
		for _, old := range clients.byKey {
			old.Close()
		}
		clients.byKey = map[string]*client.Client{}
	}
	clients.byKey[key] = c
	return c, nil
}

// CachedClients is how many clients the cache holds, for the library's stats.
func CachedClients() int {
	clients.Lock()
	defer clients.Unlock()
	return len(clients.byKey)
}
