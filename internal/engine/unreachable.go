package engine

import (
	"fmt"
	"strings"

	"github.com/psdocker/psdocker/internal/endpoint"
	"github.com/psdocker/psdocker/internal/messages"
)

// unreachableMessage is three sentences: what failed, where the address came
// from, what to do.
func unreachableMessage(err error, ep endpoint.Endpoint) string {
	return fmt.Sprintf(messages.Unreachable,
		ep.Host, unreachableCause(err, ep.Host), ep.Origin(), ep.Fix())
}

// unreachableCause is the part of the client's error that says something
// new. The client replaces a refused or missing socket by its own sentence,
// which names the address again and asks whether the daemon runs.
func unreachableCause(err error, host string) string {
	text := err.Error()
	if _, stderr, ok := strings.Cut(text, "stderr="); ok {
		// docker/cli's ssh helper: ssh's own words are what helps.
		if stderr = strings.TrimSpace(stderr); stderr != "" {
			return fmt.Sprintf(messages.UnreachableSSH, strings.TrimSuffix(stderr, "."))
		}
		return messages.UnreachableSSHMute
	}
	if strings.HasPrefix(text, "Cannot connect to the Docker daemon") {
		return messages.UnreachableNoOne
	}
	text = strings.TrimPrefix(text, "error during connect: ")
	return strings.TrimSuffix(text, ".")
}

// endpointError gives an error from endpoint resolution its Kind.
func endpointError(err error) *Error {
	e := &Error{Kind: InvalidConfiguration, Msg: err.Error()}
	switch err := err.(type) {
	case *endpoint.ContextNotFoundError:
		e.Kind = ContextNotFound
	case *endpoint.InvalidHostError:
		e.Endpoint = err.Host
	}
	return e
}
