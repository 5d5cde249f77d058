// Command helpgen converts a folder of platyPS schema 2.0.0 markdown into
// MAML help XML and about_*.help.txt files, as platyPS 0.14.2's
// New-ExternalHelp does.
//
//	helpgen -o <output dir> <markdown dir>
//
// Exit status: 0 on success, 1 when the markdown is rejected or files cannot
// be read or written (nothing is written then), 2 on bad usage.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/psdocker/psdocker/internal/helpgen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("helpgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "output `dir`ectory (required)")
	width := fs.Int("about-width", 80, "wrap about topics at this many `columns` (New-ExternalHelp -MaxAboutWidth, at least 80)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: helpgen -o <output dir> [-about-width N] <markdown dir>")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() != 1 || *width < 80 {
		fs.Usage()
		return 2
	}

	outputs, err := helpgen.Generate(fs.Arg(0), helpgen.Options{AboutWidth: *width, Warnings: stderr})
	if err == nil {
		err = helpgen.WriteOutputs(*out, outputs)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}
