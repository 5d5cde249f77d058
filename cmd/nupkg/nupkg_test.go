package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestTheRealManifestParses(t *testing.T) {
	text, err := os.ReadFile("../../module/PSDocker.psd1")
	if err != nil {
		t.Fatal(err)
	}
	m, err := parsePSData(string(text))
	if err != nil {
		t.Fatal(err)
	}
	md, err := fromManifest("PSDocker", m)
	if err != nil {
		t.Fatal(err)
	}
	if md.ProjectURL == "" || md.LicenseURL == "" || md.ReleaseNotes == "" || !slices.Contains(md.Tags, "Linux") || !slices.Equal(md.Cmdlets, []string{"Invoke-Command"}) {
		t.Errorf("metadata: %+v", md)
	}
	if err := inChangelog("../../CHANGELOG.md", md.Version); err != nil {
		t.Error(err)
	}
}

func TestParsePSData(t *testing.T) {
	m, err := parsePSData("\ufeff<# block\n comment #>\n@{\n  A = 'it''s' # note\n  'B' = @('x',\n 'y'\n 'z')\n  C = @{ D = \"plain\"; E = $true }\n  F = @()\n}\n")
	if err != nil {
		t.Fatal(err)
	}
	if get(m, "a") != "it's" || !slices.Equal(get(m, "B").([]string), []string{"x", "y", "z"}) || len(get(m, "F").([]string)) != 0 {
		t.Errorf("%#v", m)
	}
	if c := get(m, "C").(map[string]any); get(c, "D") != "plain" || get(c, "E") != true {
		t.Errorf("%#v", c)
	}
	for _, bad := range []string{`@{ A = "$env:X" }`, `@{ A = 1 + 2 }`, `@{ A = $x }`, `@{ A = 'x'; a = 'y' }`, `@{ A = 'x'`, `@{ A = 'x' } more`} {
		if _, err := parsePSData(bad); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

func TestPackLaysOutThePackageAndRefusesDebris(t *testing.T) {
	root := t.TempDir()
	module := filepath.Join(root, "PSDocker")
	write := func(name, text string) {
		p := filepath.Join(module, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	manifest, _ := os.ReadFile("../../module/PSDocker.psd1")
	write("PSDocker.psd1", string(manifest))
	write("en-US/about_PSDocker.help.txt", "help")
	list := filepath.Join(root, "platforms.json")
	os.WriteFile(list, []byte(`{"platforms":[{"rid":"linux-x64","os":"Linux","arch":"X64","goos":"linux","goarch":"amd64","cc":"gcc","file":"lib.so"},
		{"rid":"osx-arm64","os":"OSX","arch":"Arm64","goos":"darwin","goarch":"arm64","cc":"","file":"lib.dylib","notBuilt":"no SDK"}]}`), 0o644)

	if _, err := pack(module, root, list, "../../CHANGELOG.md"); err == nil || !strings.Contains(err.Error(), "runtimes/linux-x64/native/lib.so is missing") {
		t.Errorf("a missing library: %v", err)
	}
	write("runtimes/linux-x64/native/lib.so", "ELF")
	out, err := pack(module, root, list, "../../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	want := []string{"PSDocker.nuspec", "PSDocker.psd1", "[Content_Types].xml", "_rels/.rels", "en-US/about_PSDocker.help.txt", "runtimes/linux-x64/native/lib.so"}
	for _, w := range want {
		if !slices.Contains(names, w) {
			t.Errorf("%s is missing from %v", w, names)
		}
	}
	if len(names) != len(want)+1 || !strings.HasPrefix(names[len(names)-1], "package/services/metadata/core-properties/") {
		t.Errorf("entries: %v", names)
	}

	for _, bad := range []string{"runtimes/linux-x64/native/lib.h", "obj/x.dll", "PSDocker.pdb", "runtimes/osx-arm64/native/lib.dylib"} {
		write(bad, "x")
		if _, err := pack(module, root, list, "../../CHANGELOG.md"); err == nil {
			t.Errorf("packed %s", bad)
		}
		os.RemoveAll(filepath.Join(module, strings.Split(bad, "/")[0]))
		write("runtimes/linux-x64/native/lib.so", "ELF")
	}
}
