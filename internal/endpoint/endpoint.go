package endpoint

import (
	"fmt"

	"github.com/docker/cli/cli/context/docker"
	"github.com/psdocker/psdocker/internal/messages"
)

// DefaultContext is the name the docker CLI gives the endpoint chosen by
// DOCKER_HOST, the TLS variables, or nothing at all.
const DefaultContext = "default"

// EndpointSource says what chose the endpoint's context. It crosses the C
// ABI in CommandReport, so the cmdlet can give advice in PowerShell's words.
//
//contract:enum
type EndpointSource string

const (
	FromDefault       EndpointSource = "default"       // nothing was set
	FromDockerHost    EndpointSource = "dockerHost"    // DOCKER_HOST
	FromDockerContext EndpointSource = "dockerContext" // DOCKER_CONTEXT
	FromConfigFile    EndpointSource = "configFile"    // currentContext in config.json (docker context use)
	FromCall          EndpointSource = "call"          // the context the call names (docker --context)
)

// Choice is which context was chosen, and by what.
type Choice struct {
	Context    string         // "default" or the context's name
	Source     EndpointSource // what chose Context
	ConfigFile string         // config.json that was (or would be) read
	Overridden string         // DOCKER_CONTEXT, when DOCKER_HOST overrode it
}

// Endpoint is a resolved daemon: where it is, how to talk to it, and why.
type Endpoint struct {
	docker.Endpoint                   // Host, SkipTLSVerify, TLSData: docker/cli's own type
	Choice                            // the context and what chose it
	HTTPHeaders     map[string]string // HttpHeaders from config.json, sent as the docker CLI sends them
}

// String is the endpoint as -Verbose shows it: the address, the context and
// what chose it.
func (e Endpoint) String() string {
	switch e.Source {
	case FromDockerHost:
		return fmt.Sprintf(messages.ShownDockerHost, e.Host)
	case FromDockerContext:
		return fmt.Sprintf(messages.ShownDockerContext, e.Host, e.Context)
	case FromConfigFile:
		return fmt.Sprintf(messages.ShownConfigFile, e.Host, e.Context, e.ConfigFile)
	case FromCall:
		return fmt.Sprintf(messages.ShownCall, e.Host, e.Context)
	}
	return fmt.Sprintf(messages.ShownDefault, e.Host)
}

// Origin is one sentence saying where the endpoint came from, for messages.
func (c Choice) Origin() string {
	switch c.Source {
	case FromDockerHost:
		if c.Overridden != "" {
			return fmt.Sprintf(messages.OriginHostOverridesContext, c.Overridden)
		}
		return messages.OriginHost
	case FromDockerContext:
		return fmt.Sprintf(messages.OriginDockerContext, c.Context)
	case FromConfigFile:
		return fmt.Sprintf(messages.OriginConfigFile, c.Context, c.ConfigFile)
	case FromCall:
		return fmt.Sprintf(messages.OriginCall, c.Context)
	}
	return fmt.Sprintf(messages.OriginDefault, c.ConfigFile)
}

// Fix is one sentence saying what the user can do about an endpoint that
// does not work.
func (c Choice) Fix() string {
	if c.Source == FromDockerHost {
		return messages.FixHost
	}
	return messages.FixContext
}
