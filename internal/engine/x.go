package engine

import (
	_ "github.com/docker/docker/client"
	_ "github.com/docker/docker/pkg/stdcopy"
)
