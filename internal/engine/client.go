package engine

import (
	"sync"

	"github.com/docker/docker/client"
	"github.com/psdocker/psdocker/internal/endpoint"
)

// resolve finds the daemon s selects, the way the docker CLI does. It reads
// config.json and the context store each time, so a docker context use in
// another terminal applies to the next call; each call resolves once, and
// everything after (the client, messages, -Verbose) uses that endpoint.
func resolve(s endpoint.Settings, context string) (endpoint.Endpoint, error) {
	ep, err := endpoint.ResolveContext(s, context)
	if err != nil {
		return ep, endpointError(err)
	}
	return ep, nil
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

// clientFor returns the client for a resolved endpoint.
func clientFor(ep endpoint.Endpoint, apiVersion string) (*client.Client, error) {
	key := ep.Key(apiVersion)
	clients.Lock()
	defer clients.Unlock()
	if c, ok := clients.byKey[key]; ok {
		return c, nil
	}
	opts, err := ep.ClientOpts(apiVersion)
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

// connect resolves s and returns the endpoint and its client, for callers
// that need both at once (ListContainers, tests).
func connect(s endpoint.Settings, context string) (endpoint.Endpoint, *client.Client, error) {
	ep, err := resolve(s, context)
	if err != nil {
		return ep, nil, err
	}
	cli, err := clientFor(ep, s.APIVersion)
	return ep, cli, err
}

// CachedClients is how many clients the cache holds, for the library's stats.
func CachedClients() int {
	clients.Lock()
	defer clients.Unlock()
	return len(clients.byKey)
}
