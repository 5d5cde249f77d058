//go:build psdocker_sigfix_flagsonly

package main

// For the stress test only: SA_ONSTACK cleared, SIGRTMIN not blocked in Go.

// #cgo CFLAGS: -DPSD_BLOCK_IN_GO=0
import "C"
