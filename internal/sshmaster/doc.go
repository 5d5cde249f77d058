// Package sshmaster keeps one ssh connection per ssh:// endpoint and reaches
// the remote Engine API socket over it, so a call costs a channel on that
// connection instead of a new ssh process, login and remote docker CLI per
// connection (docker/cli's helper runs `ssh host docker system dial-stdio`
// for each one, and every exec attach needs its own connection).
//
// The connection is the user's own ssh (their ssh_config, agent, known_hosts
// and ProxyJump apply) started as an OpenSSH ControlMaster on a control
// socket in a private 0700 directory. The remote socket is forwarded to a
// local socket beside it (ssh -O forward -L local:remote): every dial is a
// direct-streamlocal channel. Where that cannot work (the remote endpoint is
// not a unix socket, or the server refuses socket forwarding) each dial runs
// `docker system dial-stdio` through the master instead: still no new login.
//
// The master dies with the process (PR_SET_PDEATHSIG, from a thread that
// never exits) and is started again when the next dial finds it gone.
package sshmaster
