// Package engine runs one command in a running container through the Docker
// Engine API: exec create (stdout and stderr attached, no TTY), attach,
// stdcopy demultiplexing into one ordered stream of chunks, and the exit code
// from exec inspect. It knows nothing about C or PowerShell: package bridge
// adapts it to the C ABI in native/. Its types that cross that ABI (the
// request, Status, StopReport, ...) are marked //contract: and carry their
// JSON names; internal/contract generates the C# side from them.
package engine
