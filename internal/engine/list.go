package engine

import (
	"context"
	"strings"
	"time"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/filters"
)

// Container is one running container as docker ps shows it.
type Container struct {
	Name   string `json:"name"`
	Image  string `json:"image"`
	Status string `json:"status"` // "Up 5 minutes"
	ID     string `json:"id"`
}

// ListRunning lists the running containers on env's endpoint, newest first
// as docker ps does; paused ones are left out, since no command can run in
// them. It gives up after timeout: tab completion must never hang.
func ListRunning(env Env, timeout time.Duration) ([]Container, error) {
	cli, err := clientFor(env)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	list, err := cli.ContainerList(ctx, container.ListOptions{Filters: filters.NewArgs(filters.Arg("status", "running"))})
	if err != nil {
		return nil, classifyAPIError(err, "", env)
	}
	out := make([]Container, 0, len(list))
	for _, c := range list {
		if name := primaryName(c.Names); name != "" {
			out = append(out, Container{Name: name, Image: c.Image, Status: c.Status, ID: c.ID})
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
