// Command benchpage writes bench/results.md and its plots from the JSON
// that build.ps1 bench measured (see internal/benchpage).
//
//	go run ./cmd/benchpage -in obj/bench/results.json -out bench
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/psdocker/psdocker/internal/benchpage"
)

func main() {
	in := flag.String("in", "", "the measurements (JSON)")
	out := flag.String("out", "bench", "the folder for results.md and the plots")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "benchpage:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	r, err := benchpage.Load(in)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, c := range r.Charts {
		if err := benchpage.Plot(c, out); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(out, "results.md"), []byte(benchpage.Markdown(r)), 0o644)
}
