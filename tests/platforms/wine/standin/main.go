// Command standin replaces the two Linux programs the Go engine tests run
// (internal/engine/harness_test.go) when those tests run as a Windows binary
// under wine, which cannot wait for a Linux child process. Built as docker.exe
// it does the few docker CLI commands the tests use, through the Engine API
// (DOCKER_HOST); built as bash.exe it stands for tests/image/build.sh and only
// checks that the Linux side built the test image. tests/platforms/run.sh
// builds both and puts them on wine's PATH.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/client"
	"github.com/docker/docker/pkg/stdcopy"
)

func main() {
	name := strings.TrimSuffix(strings.ToLower(filepath.Base(os.Args[0])), ".exe")
	c, err := client.NewClientWithOpts(client.FromEnv, client.WithAPIVersionNegotiation())
	if err == nil {
		if name == "bash" {
			err = imageBuilt(c, os.Args[1:])
		} else {
			err = docker(c, os.Args[1:])
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s (stand-in): %v\n", name, err)
		os.Exit(1)
	}
}

// imageBuilt takes build.sh's arguments: SCRIPT [TAG].
func imageBuilt(c *client.Client, args []string) error {
	tag := "psdocker-test:busybox"
	if len(args) > 1 {
		tag = args[1]
	}
	_, err := c.ImageInspect(context.Background(), tag)
	return err
}

// docker: run -d [--network N] [--user U] [--pids-limit N] --name N IMAGE
// CMD..., create likewise without -d, rm -f N, kill N, pause N, unpause N,
// rename OLD NEW, inspect -f {{.Id}} N, exec [-d] N CMD....
func docker(c *client.Client, args []string) error {
	ctx := context.Background()
	if len(args) < 2 {
		return fmt.Errorf("unsupported: %q", args)
	}
	switch verb, rest := args[0], args[1:]; {
	case verb == "run" || verb == "create":
		return create(ctx, c, verb == "run", rest)
	case verb == "rm" && len(rest) == 2 && rest[0] == "-f":
		return c.ContainerRemove(ctx, rest[1], container.RemoveOptions{Force: true})
	case verb == "kill" && len(rest) == 1:
		return c.ContainerKill(ctx, rest[0], "KILL")
	case verb == "inspect" && len(rest) == 3 && rest[0] == "-f" && rest[1] == "{{.Id}}":
		info, err := c.ContainerInspect(ctx, rest[2])
		if err == nil {
			fmt.Println(info.ID)
		}
		return err
	case verb == "pause" && len(rest) == 1:
		return c.ContainerPause(ctx, rest[0])
	case verb == "unpause" && len(rest) == 1:
		return c.ContainerUnpause(ctx, rest[0])
	case verb == "rename" && len(rest) == 2:
		return c.ContainerRename(ctx, rest[0], rest[1])
	case verb == "exec" && len(rest) >= 3 && rest[0] == "-d":
		return execDetached(ctx, c, rest[1], rest[2:])
	case verb == "exec" && len(rest) >= 2:
		return execIn(ctx, c, rest[0], rest[1:])
	}
	return fmt.Errorf("unsupported: %q", args)
}

// create takes the options the tests give before the image, then IMAGE CMD...
func create(ctx context.Context, c *client.Client, run bool, args []string) error {
	var name string
	config := &container.Config{}
	host := &container.HostConfig{}
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch {
		case args[0] == "-d" && run:
			args = args[1:]
			continue
		case len(args) < 2:
			return fmt.Errorf("unsupported option: %q", args)
		case args[0] == "--name":
			name = args[1]
		case args[0] == "--network":
			host.NetworkMode = container.NetworkMode(args[1])
		case args[0] == "--user":
			config.User = args[1]
		case args[0] == "--pids-limit":
			limit, err := strconv.ParseInt(args[1], 10, 64)
			if err != nil {
				return err
			}
			host.PidsLimit = &limit
		default:
			return fmt.Errorf("unsupported option: %q", args[0])
		}
		args = args[2:]
	}
	if len(args) == 0 {
		return fmt.Errorf("no image")
	}
	config.Image, config.Cmd = args[0], args[1:]
	created, err := c.ContainerCreate(ctx, config, host, nil, nil, name)
	if err != nil {
		return err
	}
	if run {
		if err := c.ContainerStart(ctx, created.ID, container.StartOptions{}); err != nil {
			return err
		}
	}
	fmt.Println(created.ID)
	return nil
}

func execDetached(ctx context.Context, c *client.Client, name string, cmd []string) error {
	created, err := c.ContainerExecCreate(ctx, name, container.ExecOptions{Cmd: cmd})
	if err != nil {
		return err
	}
	return c.ContainerExecStart(ctx, created.ID, container.ExecStartOptions{Detach: true})
}

func execIn(ctx context.Context, c *client.Client, name string, cmd []string) error {
	created, err := c.ContainerExecCreate(ctx, name, container.ExecOptions{Cmd: cmd, AttachStdout: true, AttachStderr: true})
	if err != nil {
		return err
	}
	attached, err := c.ContainerExecAttach(ctx, created.ID, container.ExecAttachOptions{})
	if err != nil {
		return err
	}
	defer attached.Close()
	if _, err := stdcopy.StdCopy(os.Stdout, os.Stderr, attached.Reader); err != nil && err != io.EOF {
		return err
	}
	inspected, err := c.ContainerExecInspect(ctx, created.ID)
	if err != nil {
		return err
	}
	if inspected.ExitCode != 0 {
		return fmt.Errorf("exit code %d", inspected.ExitCode)
	}
	return nil
}
