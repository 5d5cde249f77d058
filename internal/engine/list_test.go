package engine

import (
	"slices"
	"testing"
	"time"

	"github.com/psdocker/psdocker/internal/endpoint"
)

func TestListRunningShowsRunningContainersNewestFirst(t *testing.T) {
	older := runningContainer(t)
	newer := runningContainer(t)
	paused := runningContainer(t)
	docker(t, "pause", paused)
	t.Cleanup(func() { docker(t, "unpause", paused) })
	stopped := uniqueName(t)
	docker(t, "create", "--network", "none", "--name", stopped, testImage, "sleep", "1")
	t.Cleanup(func() { docker(t, "rm", "-f", stopped) })

	list, err := ListRunning(envFromProcess(), "", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(list))
	for i, c := range list {
		names[i] = c.Name
	}
	i, j := slices.Index(names, newer), slices.Index(names, older)
	if i < 0 || j < 0 || i > j {
		t.Errorf("names %v: want %s before %s", names, newer, older)
	}
	if slices.Contains(names, paused) || slices.Contains(names, stopped) {
		t.Errorf("names %v include a paused or stopped container", names)
	}
	c := list[i]
	if c.Image != testImage || len(c.ID) != 64 || c.Status == "" {
		t.Errorf("container %+v", c)
	}
}

func TestListRunningGivesUpOnAnUnreachableDaemon(t *testing.T) {
	_, err := ListRunning(endpoint.Settings{Host: "unix:///nonexistent/docker.sock"}, "", time.Second)
	if KindOf(err) != DaemonUnreachable {
		t.Fatalf("err %v, want DaemonUnreachable", err)
	}
}
