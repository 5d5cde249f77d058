package sshmaster

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/docker/cli/cli/connhelper/commandconn"
	"github.com/docker/cli/cli/connhelper/ssh"
	"github.com/psdocker/psdocker/internal/messages"
)

// startBound is how long a master may take to log in and set up the
// forward: ssh's own ConnectTimeout (30 s, as docker/cli sets it) plus the
// login and one remote command.
const startBound = 45 * time.Second

// master is one ssh connection to one ssh:// endpoint.
type master struct {
	host   string   // the ssh:// URL, as the endpoint names it
	spec   ssh.Spec // its user, host, port and socket path
	dir    string   // private 0700 directory holding ctl and socket
	ctl    string   // the ControlMaster socket
	socket string   // the remote Engine API socket forwarded here; "" when dials run dial-stdio
	ready  chan struct{}
	err    error         // why the start failed; set before ready closes
	exited chan struct{} // closed when the ssh process has ended
	stderr tail          // what ssh said, for an error
	proc   *os.Process
}

var masters struct {
	sync.Mutex
	byHost map[string]*master
}

// Dialer dials the Engine API of the ssh:// endpoint host through its master,
// starting the master at the first dial and again after it ended.
func Dialer(host string) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, _, _ string) (net.Conn, error) {
		m, err := masterFor(ctx, host)
		if err != nil {
			return nil, err
		}
		conn, err := m.dial(ctx)
		if err != nil && m.gone() {
			// It ended between the lookup and the dial: one new master.
			if m, err = masterFor(ctx, host); err != nil {
				return nil, err
			}
			conn, err = m.dial(ctx)
		}
		return conn, err
	}
}

// masterFor returns host's running master, starting one if there is none.
// Callers that arrive while it starts wait for the same one.
func masterFor(ctx context.Context, host string) (*master, error) {
	masters.Lock()
	m := masters.byHost[host]
	if m == nil || m.gone() {
		if m != nil {
			m.remove()
		}
		m = &master{host: host, ready: make(chan struct{}), exited: make(chan struct{})}
		if masters.byHost == nil {
			masters.byHost = map[string]*master{}
		}
		masters.byHost[host] = m
		// Not the caller's context: other calls share this start.
		go m.start()
	}
	masters.Unlock()

	select {
	case <-m.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if m.err != nil {
		// A failed start is forgotten, so the next call tries again.
		masters.Lock()
		if masters.byHost[host] == m {
			delete(masters.byHost, host)
		}
		masters.Unlock()
		return nil, m.err
	}
	return m, nil
}

func (m *master) gone() bool {
	select {
	case <-m.exited:
		return true
	default:
		return false
	}
}

func (m *master) start() {
	defer close(m.ready)
	if m.err = m.login(); m.err == nil {
		m.err = m.forward()
	}
	if m.err != nil {
		m.stop()
	}
}

// login starts ssh as a ControlMaster and waits until its control socket
// exists, which ssh creates once the login succeeded.
func (m *master) login() error {
	spec, err := ssh.ParseURL(m.host)
	if err != nil {
		return err
	}
	m.spec = *spec
	if m.dir, err = privateDir(); err != nil {
		return err
	}
	m.ctl = filepath.Join(m.dir, "ctl")
	cmd := exec.Command("ssh", m.args([]string{"-M", "-N", "-o", "ControlPersist=no"})...)
	cmd.Stderr = &m.stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{
		// Its own session: a Ctrl+C in the terminal is for the command, not the connection.
		Setsid: true,
		// Ends with this process (see spawn).
		Pdeathsig: syscall.SIGTERM,
	}
	if err := spawn(cmd); err != nil {
		close(m.exited)
		return err
	}
	m.proc = cmd.Process
	go func() {
		cmd.Wait()
		close(m.exited)
	}()

	deadline := time.Now().Add(startBound)
	for {
		if _, err := os.Stat(m.ctl); err == nil {
			return nil
		}
		select {
		case <-m.exited:
			return m.failed()
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return m.failed()
		}
	}
}

// forward finds the remote Engine API socket and forwards it to a local
// socket, then checks that a request goes through. Where either step fails,
// dials run docker system dial-stdio through the master instead.
func (m *master) forward() error {
	remote := m.spec.Path
	if strings.Trim(remote, "/") == "" {
		// What `docker system dial-stdio` would reach there: the remote docker
		// CLI's own endpoint (its DOCKER_HOST, context or default).
		out, err := m.run("docker", "context", "inspect", "--format", "{{.Endpoints.docker.Host}}")
		host, isUnix := strings.CutPrefix(strings.TrimSpace(out), "unix://")
		if err != nil || !isUnix {
			return nil
		}
		remote = host
	}
	socket := filepath.Join(m.dir, "docker.sock")
	if _, err := m.runFlags([]string{"-O", "forward", "-L", socket + ":" + remote}); err != nil {
		return nil
	}
	if ping(socket) {
		m.socket = socket
	}
	return nil
}

// dial opens a connection to the Engine API over the master.
func (m *master) dial(ctx context.Context) (net.Conn, error) {
	if m.socket == "" {
		remote := []string{"docker", "system", "dial-stdio"}
		if strings.Trim(m.spec.Path, "/") != "" {
			remote = []string{"docker", "--host=unix://" + m.spec.Path, "system", "dial-stdio"}
		}
		return commandconn.New(ctx, "ssh", m.args([]string{"-o", "ControlMaster=no"}, remote...)...)
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", m.socket)
	if err != nil {
		// Not the socket's error: the client would replace a "dial unix"
		// error by its own sentence about a daemon at a made-up address.
		return nil, m.failed()
	}
	return conn, nil
}

// args is ssh's argument list for the master's connection: its control
// socket, docker/cli's flags, the URL's user and port, and the remote command.
func (m *master) args(flags []string, remote ...string) []string {
	args := append([]string{"-S", m.ctl, "-o", "ConnectTimeout=30", "-T"}, flags...)
	return append(args, m.spec.Args(remote...)...)
}

// run runs a remote command through the master and returns its output.
func (m *master) run(remote ...string) (string, error) {
	return m.runFlags([]string{"-o", "ControlMaster=no"}, remote...)
}

func (m *master) runFlags(flags []string, remote ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), startBound)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ssh", m.args(flags, remote...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	out, err := cmd.Output()
	return string(out), err
}

// failed is the error for a master that ended or never got ready, carrying
// ssh's own words the way docker/cli's helper does ("stderr="), so the
// engine quotes them.
func (m *master) failed() error {
	return fmt.Errorf(messages.SSHMasterFailed, m.host, m.stderr.String())
}

// stop ends the ssh process and removes the directory.
func (m *master) stop() {
	if m.proc != nil {
		m.proc.Signal(syscall.SIGTERM)
		select {
		case <-m.exited:
		case <-time.After(2 * time.Second):
			m.proc.Kill()
		}
	}
	m.remove()
}

func (m *master) remove() {
	if m.dir != "" {
		os.RemoveAll(m.dir)
	}
}

// ping sends one GET /_ping over socket: the forward works when the daemon
// answers 200 (Docker and Podman both do).
func ping(socket string) bool {
	conn, err := net.DialTimeout("unix", socket, 10*time.Second)
	if err != nil {
		return false
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write([]byte("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")); err != nil {
		return false
	}
	status := make([]byte, 12)
	if _, err := io.ReadFull(conn, status); err != nil {
		return false
	}
	return strings.HasPrefix(string(status), "HTTP/1.") && string(status[9:12]) == "200"
}

// tail keeps the last 2 KiB ssh wrote to stderr.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 2048 {
		t.buf = t.buf[len(t.buf)-2048:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.buf))
}
