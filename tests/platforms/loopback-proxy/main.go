// Command loopback-proxy forwards a loopback TCP port to the Docker daemon's
// unix socket, for test programs that can reach the daemon only over TCP
// (Windows builds under wine). It never listens beyond 127.0.0.1.
//
//	loopback-proxy [-socket /var/run/docker.sock] 127.0.0.1:0
//
// Prints "listening 127.0.0.1:<port>" once ready; runs until killed.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
)

func main() {
	socket := flag.String("socket", "/var/run/docker.sock", "the daemon's unix `socket`")
	flag.Parse()
	addr := "127.0.0.1:0"
	if flag.NArg() > 0 {
		addr = flag.Arg(0)
	}
	if host, _, err := net.SplitHostPort(addr); err != nil || !net.ParseIP(host).IsLoopback() {
		fmt.Fprintln(os.Stderr, "loopback-proxy: listen on a loopback address only, e.g. 127.0.0.1:0")
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("listening", ln.Addr())
	for {
		c, err := ln.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		go forward(c, *socket)
	}
}

func forward(c net.Conn, socket string) {
	defer c.Close()
	d, err := net.Dial("unix", socket)
	if err != nil {
		return
	}
	defer d.Close()
	done := make(chan struct{}, 2)
	pipe := func(to, from net.Conn) {
		io.Copy(to, from)
		// Half-close so an attached stream's end reaches the other side.
		if tc, ok := to.(interface{ CloseWrite() error }); ok {
			tc.CloseWrite()
		}
		done <- struct{}{}
	}
	go pipe(d, c)
	go pipe(c, d)
	<-done
	<-done
}
