//go:build psdocker_sigfix_off

package main

// For the stress test only: a library without either signal measure.

// #cgo CFLAGS: -DPSD_RESTORE_FLAGS=0 -DPSD_BLOCK_IN_GO=0
import "C"
