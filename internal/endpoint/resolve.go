package endpoint

import (
	"net/url"
	"path/filepath"
	"strings"

	"github.com/docker/cli/cli/config"
	"github.com/docker/cli/cli/connhelper/ssh"
	"github.com/docker/cli/opts"
)

// Resolve finds the endpoint s selects, in the docker CLI's order: DOCKER_HOST
// (the default context at that address), DOCKER_CONTEXT, currentContext in
// config.json, the default. "default" as a context name is the default.
func Resolve(s Settings) (Endpoint, error) { return ResolveContext(s, "") }

// ResolveContext is Resolve with a context chosen for the call, as docker
// --context chooses one: it wins over DOCKER_HOST and DOCKER_CONTEXT; ""
// chooses none.
func ResolveContext(s Settings, context string) (Endpoint, error) {
	dir := configDir(s)
	configFile := filepath.Join(dir, config.ConfigFileName)
	e := Endpoint{Choice: Choice{Context: DefaultContext, Source: FromDefault, ConfigFile: configFile}}

	cfg, cfgErr := config.Load(dir)
	if cfgErr == nil {
		e.HTTPHeaders = cfg.HTTPHeaders
	}
	switch {
	case context != "":
		e.Context, e.Source = context, FromCall
	case s.Host != "":
		e.Source, e.Overridden = FromDockerHost, s.Context
	case s.Context != "":
		e.Context, e.Source = s.Context, FromDockerContext
	case cfgErr != nil:
		// docker warns and goes on with the default; a cmdlet cannot warn
		// reliably, and the default may be the wrong daemon, so it stops.
		return e, &ConfigError{What: configFile, Err: cfgErr}
	case cfg.CurrentContext != "":
		e.Context, e.Source = cfg.CurrentContext, FromConfigFile
	}

	var err error
	if e.Context == DefaultContext {
		host, perr := opts.ParseHost(useTLS(s), s.Host)
		if perr != nil {
			return e, e.invalidHost(s.Host, perr.Error())
		}
		e.Endpoint, err = fromDefault(s, dir, host)
	} else {
		e.Endpoint, err = fromContext(dir, e.Choice)
	}
	if err != nil {
		return e, err
	}
	if reason := unsupportedScheme(e.Host); reason != "" {
		return e, e.invalidHost(e.Host, reason)
	}
	if strings.HasPrefix(e.Host, "ssh://") {
		if _, err := ssh.ParseURL(e.Host); err != nil {
			return e, e.invalidHost(e.Host, err.Error())
		}
	}
	return e, nil
}

func (e Endpoint) invalidHost(host, reason string) *InvalidHostError {
	return &InvalidHostError{Choice: e.Choice, Host: redacted(host), Reason: reason}
}

// redacted is host with any password in it replaced, as the docker CLI
// prints it: an error message must not echo a secret.
func redacted(host string) string {
	if u, err := url.Parse(host); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			return u.Redacted()
		}
	}
	return host
}
