// Command nativebuild builds libpsdocker (native/) for the platforms in
// native/platforms.json into a module folder's runtimes/<rid>/native/, and
// prints each library's path. build.ps1 and the bash test scripts use it, so
// runtime identifiers and file names are written down only in that list.
//
//	nativebuild -module out/PSDocker host          the platform this runs on
//	nativebuild -module out/PSDocker all           every platform that is built
//	nativebuild -module out/PSDocker linux-arm64   named ones
//	nativebuild -list                              the built platforms' rids
//
// A cross build needs the platform's C compiler (cc in the list, or
// CC_<rid> with - for _, e.g. CC_linux_arm64). Exit status 1 on failure.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/psdocker/psdocker/internal/platforms"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("nativebuild", flag.ContinueOnError)
	fs.SetOutput(stderr)
	list := fs.String("platforms", "native/platforms.json", "the platform `list`")
	module := fs.String("module", "", "the module `folder` to build into")
	printOnly := fs.Bool("print", false, "print the libraries' paths without building")
	listOnly := fs.Bool("list", false, "print the runtime identifiers of the built platforms")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	all, err := platforms.Load(*list)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if *listOnly {
		for _, p := range all {
			if p.Built() {
				fmt.Fprintln(stdout, p.RID)
			}
		}
		return 0
	}
	if *module == "" || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: nativebuild -module <folder> [-print] host|all|<rid>...")
		return 2
	}
	targets, err := choose(all, fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, p := range targets {
		out := filepath.Join(*module, filepath.FromSlash(p.Path()))
		if !*printOnly {
			if err := build(p, out, stderr); err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", p.RID, err)
				return 1
			}
		}
		fmt.Fprintln(stdout, out)
	}
	return 0
}

func choose(all []platforms.Platform, names []string) ([]platforms.Platform, error) {
	var chosen []platforms.Platform
	seen := map[string]bool{}
	add := func(p platforms.Platform) {
		if !seen[p.RID] {
			seen[p.RID] = true
			chosen = append(chosen, p)
		}
	}
	for _, name := range names {
		switch name {
		case "all":
			for _, p := range all {
				if p.Built() {
					add(p)
				}
			}
		case "host":
			found := false
			for _, p := range all {
				if p.Host() && p.Built() {
					add(p)
					found = true
				}
			}
			if !found {
				return nil, fmt.Errorf("no built platform in the list matches this machine")
			}
		default:
			p, ok := platforms.Find(all, name)
			if !ok {
				return nil, fmt.Errorf("%s is not in the platform list", name)
			}
			if !p.Built() {
				return nil, fmt.Errorf("%s is not built: %s", name, p.NotBuilt)
			}
			add(p)
		}
	}
	return chosen, nil
}

// build runs go build -buildmode=c-shared for p and drops the header cgo
// writes beside the library: it is not part of the module.
func build(p platforms.Platform, out string, stderr io.Writer) error {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	cmd := exec.Command("go", "build", "-buildmode=c-shared", "-trimpath", "-ldflags=-s -w", "-o", out, "./native")
	cmd.Stdout, cmd.Stderr = stderr, stderr
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GOOS="+p.GOOS, "GOARCH="+p.GOARCH)
	if cc := compiler(p); cc != "" {
		cmd.Env = append(cmd.Env, "CC="+cc)
	}
	if err := cmd.Run(); err != nil {
		return err
	}
	return removeIfExists(strings.TrimSuffix(out, filepath.Ext(out)) + ".h")
}

// compiler: CC_<rid> if set; the host's own compiler for the host platform
// (CC or cc), so a non-Debian machine builds its own platform; else the list's.
func compiler(p platforms.Platform) string {
	if cc := os.Getenv("CC_" + strings.ReplaceAll(p.RID, "-", "_")); cc != "" {
		return cc
	}
	if p.Host() {
		return ""
	}
	return p.CC
}

func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}
