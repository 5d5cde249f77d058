// Package contract keeps the two sides of the C ABI in step. The Go source
// declares everything that crosses it, once: the JSON types marked
// //contract:json, the enums marked //contract:enum (only the constants of a
// marked type are taken), and the bounds listed in bounds.go. Generate
// renders the C# classes with their System.Text.Json source generation, the
// C# enums and constants, and the header block that repeat them; the tests
// fail while a generated file is stale or a P/Invoke declaration disagrees
// with native/psdocker.h.
//
// Regenerate with: go generate ./internal/contract
package contract

//go:generate go run ../../cmd/contractgen -root ../..
