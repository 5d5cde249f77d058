package engine

import (
	"strings"

	cerrdefs "github.com/containerd/errdefs"
)

// isStateConflict: exec create was refused because of the container's state.
// Docker says so with 409 Conflict; Podman's compatible API with a 500 whose
// text names libpod's ErrCtrStateInvalid. Either way the container is then
// inspected to say which state it is in.
func isStateConflict(err error) bool {
	return cerrdefs.IsConflict(err) || strings.Contains(err.Error(), "container state improper")
}
