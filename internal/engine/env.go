package engine

import (
	"net/http"
	"path/filepath"
	"sync"

	"github.com/docker/docker/client"
	"github.com/docker/go-connections/tlsconfig"
)

// Env is the DOCKER_* configuration of one call, taken from the caller's
// environment at call time. It is passed in explicitly because a host such as
// pwsh keeps its own copy of the environment that native code never sees.
type Env struct {
	Host       string // DOCKER_HOST; empty means the platform default socket
	APIVersion string // DOCKER_API_VERSION; empty means negotiate
	CertPath   string // DOCKER_CERT_PATH; holds ca.pem, cert.pem, key.pem
	TLSVerify  string // DOCKER_TLS_VERIFY; non-empty means verify the daemon
	Context    string // DOCKER_CONTEXT; only reported, contexts are not supported yet
}

// endpoint is the daemon address this Env selects, as a user would write it.
func (e Env) endpoint() string {
	if e.Host != "" {
		return e.Host
	}
	return client.DefaultDockerHost
}

// clients caches one client per Env: a client keeps its connections and its
// negotiated API version, which saves a /_ping round trip and a dial per call.
var clients struct {
	sync.Mutex
	byEnv map[Env]*client.Client
}

// maxCachedClients bounds the cache for sessions that keep changing DOCKER_HOST.
const maxCachedClients = 8

func clientFor(env Env) (*client.Client, error) {
	clients.Lock()
	defer clients.Unlock()
	if c, ok := clients.byEnv[env]; ok {
		return c, nil
	}
	c, err := newClient(env)
	if err != nil {
		return nil, err
	}
	if clients.byEnv == nil || len(clients.byEnv) >= maxCachedClients {
		for _, old := range clients.byEnv {
			old.Close()
		}
		clients.byEnv = map[Env]*client.Client{}
	}
	clients.byEnv[env] = c
	return c, nil
}

// newClient mirrors client.FromEnv, reading env instead of the process
// environment.
func newClient(env Env) (*client.Client, error) {
	var opts []client.Opt
	if env.CertPath != "" {
		tlsc, err := tlsconfig.Client(tlsconfig.Options{
			CAFile:             filepath.Join(env.CertPath, "ca.pem"),
			CertFile:           filepath.Join(env.CertPath, "cert.pem"),
			KeyFile:            filepath.Join(env.CertPath, "key.pem"),
			InsecureSkipVerify: env.TLSVerify == "",
		})
		if err != nil {
			return nil, &Error{Kind: InvalidConfiguration, Endpoint: env.endpoint(), Err: err}
		}
		opts = append(opts, client.WithHTTPClient(&http.Client{
			Transport:     &http.Transport{TLSClientConfig: tlsc},
			CheckRedirect: client.CheckRedirect,
		}))
	}
	if env.Host != "" {
		opts = append(opts, client.WithHost(env.Host))
	}
	if env.APIVersion != "" {
		opts = append(opts, client.WithVersion(env.APIVersion))
	} else {
		opts = append(opts, client.WithAPIVersionNegotiation())
	}
	c, err := client.NewClientWithOpts(opts...)
	if err != nil {
		return nil, &Error{Kind: InvalidConfiguration, Endpoint: env.endpoint(), Err: err}
	}
	return c, nil
}

// CachedClients is how many clients the cache holds, for the library's stats.
func CachedClients() int {
	clients.Lock()
	defer clients.Unlock()
	return len(clients.byEnv)
}
