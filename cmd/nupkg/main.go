// Command nupkg packs a built module folder into a PowerShell Gallery package,
// <id>.<version>.nupkg, laid out as Publish-PSResource lays one out: the
// module's files at the root, a nuspec made from the manifest's metadata and
// NuGet's OPC parts. It refuses build debris, libraries native/platforms.json
// does not name, a missing built platform, and a version CHANGELOG.md lacks.
//
//	nupkg -module out/PSDocker -o out
//
// Prints the package's path. Exit status 1 on failure, 2 on bad usage.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"

	"github.com/psdocker/psdocker/internal/platforms"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("nupkg", flag.ContinueOnError)
	fs.SetOutput(stderr)
	module := fs.String("module", "", "the built module `folder`; its name is the package id")
	outDir := fs.String("o", "", "the output `folder`")
	list := fs.String("platforms", "native/platforms.json", "the platform `list`")
	changelog := fs.String("changelog", "CHANGELOG.md", "the `changelog` that must have a section for the version")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *module == "" || *outDir == "" || fs.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: nupkg -module <folder> -o <folder>")
		return 2
	}
	out, err := pack(*module, *outDir, *list, *changelog)
	if err != nil {
		fmt.Fprintln(stderr, "nupkg:", err)
		return 1
	}
	fmt.Fprintln(stdout, out)
	return 0
}

func pack(module, outDir, list, changelog string) (string, error) {
	id := filepath.Base(filepath.Clean(module))
	text, err := os.ReadFile(filepath.Join(module, id+".psd1"))
	if err != nil {
		return "", err
	}
	manifest, err := parsePSData(string(text))
	if err != nil {
		return "", err
	}
	md, err := fromManifest(id, manifest)
	if err != nil {
		return "", err
	}
	if err := inChangelog(changelog, md.Version); err != nil {
		return "", err
	}
	all, err := platforms.Load(list)
	if err != nil {
		return "", err
	}
	allowed := map[string]bool{}
	for _, p := range all {
		if p.Built() {
			allowed[p.Path()] = true
		}
	}
	files, err := moduleFiles(module, allowed)
	if err != nil {
		return "", err
	}
	have := map[string]bool{}
	for _, f := range files {
		have[f] = true
	}
	for name := range allowed {
		if !have[name] {
			return "", fmt.Errorf("%s is missing: build every platform first (nativebuild all)", name)
		}
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return "", err
	}
	out := filepath.Join(outDir, id+"."+md.Version+".nupkg")
	return out, writePackage(out, module, files, md)
}

func inChangelog(path, version string) error {
	text, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !regexp.MustCompile(`(?m)^## ` + regexp.QuoteMeta(version) + ` - \d{4}-\d{2}-\d{2}$`).Match(text) {
		return fmt.Errorf("%s has no section '## %s - YYYY-MM-DD'", path, version)
	}
	return nil
}
