// Package bridge is what the C ABI in native/ needs, in plain Go so it can be
// tested without cgo: requests decoded from JSON, a table of handles, and
// reports encoded as JSON. native/ only converts C types and calls this; each
// function here has the name of the C function it serves (native/psdocker.h
// has the glossary).
package bridge
