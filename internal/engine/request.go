package engine

import (
	"fmt"
	"strings"
	"time"
)

// Request is one command to run in one container.
type Request struct {
	Container string
	Argv      []string      // Argv[0] is the executable; no shell is involved
	Timeout   time.Duration // 0 means no limit
	Env       Env
}

func (r Request) validate() error {
	switch {
	case strings.TrimSpace(r.Container) == "":
		return &Error{Kind: InvalidRequest, Msg: "the container name is empty"}
	case len(r.Argv) == 0 || r.Argv[0] == "":
		return &Error{Kind: InvalidRequest, Container: r.Container, Msg: "the command is empty"}
	case r.Timeout < 0:
		return &Error{Kind: InvalidRequest, Container: r.Container, Msg: fmt.Sprintf("negative timeout %v", r.Timeout)}
	case strings.ContainsRune(r.Container, 0) || strings.ContainsRune(strings.Join(r.Argv, ""), 0):
		return &Error{Kind: InvalidRequest, Container: r.Container, Msg: "NUL character in the container name or argv"}
	}
	return nil
}
