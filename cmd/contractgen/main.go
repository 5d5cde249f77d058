// Command contractgen writes the files that repeat the C ABI's facts for
// the other side of it (see internal/contract).
//
//	go generate ./internal/contract
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/psdocker/psdocker/internal/contract"
)

func main() {
	root := flag.String("root", ".", "the repository root")
	flag.Parse()
	files, err := contract.Generate(*root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "contractgen:", err)
		os.Exit(1)
	}
	for path, content := range files {
		if err := os.WriteFile(filepath.Join(*root, path), content, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "contractgen:", err)
			os.Exit(1)
		}
	}
}
