// Package bridge is what the C ABI in native/ needs, in plain Go so it can be
// tested without cgo: requests decoded from JSON, a table of handles, and
// results encoded as JSON. native/ only converts C types and calls this.
package bridge
