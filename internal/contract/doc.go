// Package contract keeps the two sides of the C ABI in step. The Go source
// owns every fact that crosses it (internal/bridge/contract.go, the Kind
// constants of internal/engine/errors.go); Generate renders the C# file and
// the header block that repeat them, and the tests fail while a generated
// file is stale or a P/Invoke declaration disagrees with native/psdocker.h.
//
// Regenerate with: go generate ./internal/contract
package contract

//go:generate go run ../../cmd/contractgen -root ../..
