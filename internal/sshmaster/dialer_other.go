//go:build !linux

package sshmaster

import (
	"context"
	"net"
)

// Dialer is nil where masters are not kept: Windows' OpenSSH has no
// ControlMaster, and without PR_SET_PDEATHSIG a master could outlive the
// process. docker/cli's helper (an ssh process per connection) is used there.
func Dialer(host string) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return nil
}
