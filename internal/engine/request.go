package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
	"github.com/psdocker/psdocker/internal/messages"
)

// CommandRequest is one command to run in one container: what InvokeCommand
// takes as JSON. It is declared once, here in Go; cmd/contractgen generates the C#
// class the cmdlet fills, and its serialization.
//
//contract:json
type CommandRequest struct {
	Container string            `json:"container"`
	Argv      []string          `json:"argv"`      // Argv[0] is the executable; no shell is involved
	TimeoutMs int64             `json:"timeoutMs"` // 0: no limit
	Settings  endpoint.Settings `json:"env"`

	// What docker exec's options set. Environment is NAME=VALUE each,
	// after the marker (PSDOCKER_EXEC_ID, which is reserved).

	Stdin       bool     `json:"stdin,omitempty"`       // attach stdin: WriteCommandInput feeds it, CloseCommandInput ends it
	User        string   `json:"user,omitempty"`        // -u: name, uid, uid:gid or name:group
	WorkingDir  string   `json:"workingDir,omitempty"`  // -w
	Environment []string `json:"environment,omitempty"` // -e
	Privileged  bool     `json:"privileged,omitempty"`  // --privileged
	Context     string   `json:"context,omitempty"`     // docker --context: this call's context, over DOCKER_HOST and DOCKER_CONTEXT
}

// ListRequest is what ListContainers takes as JSON.
//
//contract:json
type ListRequest struct {
	Settings  endpoint.Settings `json:"env"`
	TimeoutMs int64             `json:"timeoutMs"`         // 0: ListTimeout
	Context   string            `json:"context,omitempty"` // as in CommandRequest
}

func (r CommandRequest) timeout() time.Duration { return time.Duration(r.TimeoutMs) * time.Millisecond }

func (r CommandRequest) validate() error {
	switch {
	case strings.TrimSpace(r.Container) == "":
		return &Error{Kind: InvalidRequest, Msg: messages.EmptyContainer}
	case len(r.Argv) == 0 || r.Argv[0] == "":
		return &Error{Kind: InvalidRequest, Container: r.Container, Msg: messages.EmptyCommand}
	case r.TimeoutMs < 0:
		return &Error{Kind: InvalidRequest, Container: r.Container, Msg: fmt.Sprintf(messages.NegativeTimeout, r.timeout())}
	case strings.ContainsRune(r.Container+strings.Join(r.Argv, "")+r.User+r.WorkingDir+strings.Join(r.Environment, "")+r.Context, 0):
		return &Error{Kind: InvalidRequest, Container: r.Container, Msg: messages.NULCharacter}
	}
	for _, v := range r.Environment {
		if name, _, _ := strings.Cut(v, "="); strings.EqualFold(name, markerName) { // names ignore case on Windows
			return &Error{Kind: InvalidRequest, Container: r.Container, Msg: fmt.Sprintf(messages.ReservedVariable, markerName)}
		}
	}
	return nil
}
