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
}

// ListRequest is what ListContainers takes as JSON.
//
//contract:json
type ListRequest struct {
	Settings  endpoint.Settings `json:"env"`
	TimeoutMs int64             `json:"timeoutMs"` // 0: ListTimeout
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
	case strings.ContainsRune(r.Container, 0) || strings.ContainsRune(strings.Join(r.Argv, ""), 0):
		return &Error{Kind: InvalidRequest, Container: r.Container, Msg: messages.NULCharacter}
	}
	return nil
}
