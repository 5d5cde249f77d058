package engine

import (
	"context"
	"strings"
	"time"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/filters"
	"github.com/psdocker/psdocker/internal/endpoint"
)

// ContainerSummary is one running container as docker ps shows it; a JSON
// array of them is what ListContainers returns.
//
//contract:json
type ContainerSummary struct {
	Name   string `json:"name"`
	Image  string `json:"image"`
	Status string `json:"status"` // "Up 5 minutes"
	ID     string `json:"id"`
}

// ListTimeout bounds ListContainers when the request sets none. Tab
// completion promises an answer within a second, and the first completion of
// a session also loads the library; the cmdlet sends this value.
//
//contract:bound
const ListTimeout = 800 * time.Millisecond

// ListRunning lists the running containers on env's endpoint, newest first
// as docker ps does; paused ones are left out, since no command can run in
// them. It gives up after timeout: tab completion must never hang.
func ListRunning(s endpoint.Settings, contextName string, timeout time.Duration) ([]ContainerSummary, error) {
	ep, cli, err := connect(s, contextName)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	list, err := cli.ContainerList(ctx, container.ListOptions{Filters: filters.NewArgs(filters.Arg("status", "running"))})
	if err != nil {
		return nil, classifyAPIError(err, "", ep)
	}
	out := make([]ContainerSummary, 0, len(list))
	for _, c := range list {
		if name := primaryName(c.Names); name != "" {
			out = append(out, ContainerSummary{Name: name, Image: c.Image, Status: c.Status, ID: c.ID})
		}
	}
	return out, nil
}

// primaryName is the container's own name: the API lists "/web", and links
// as "/other/alias", which docker ps leaves out.
func primaryName(names []string) string {
	for _, n := range names {
		if n = strings.TrimPrefix(n, "/"); n != "" && !strings.Contains(n, "/") {
			return n
		}
	}
	return ""
}
