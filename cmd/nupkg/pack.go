package main

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// packedAt stamps every entry: SOURCE_DATE_EPOCH for a reproducible package, else now.
var packedAt = func() time.Time {
	if s, err := strconv.ParseInt(os.Getenv("SOURCE_DATE_EPOCH"), 10, 64); err == nil {
		return time.Unix(s, 0).UTC()
	}
	return time.Now().UTC().Truncate(time.Second)
}()

// debris is what a build leaves beside its output and a package must not
// carry: cgo headers, symbols, dotnet's dependency files, build folders.
func debris(name string) bool {
	for _, dir := range []string{"obj/", "bin/"} {
		if strings.HasPrefix(name, dir) || strings.Contains(name, "/"+dir) {
			return true
		}
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".h", ".pdb", ".a", ".lib", ".exp", ".nupkg", ".nuspec":
		return true
	}
	return strings.HasSuffix(name, ".deps.json") || strings.HasSuffix(name, ".runtimeconfig.json")
}

// moduleFiles lists the module folder's files with slashes, sorted, and
// refuses debris and anything in runtimes/ that allowed does not name.
func moduleFiles(dir string, allowed map[string]bool) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		if debris(name) {
			return fmt.Errorf("%s is build debris, not part of the module", name)
		}
		if strings.HasPrefix(name, "runtimes/") && !allowed[name] {
			return fmt.Errorf("%s is not a library native/platforms.json names", name)
		}
		files = append(files, name)
		return nil
	})
	sort.Strings(files)
	return files, err
}

// writePackage writes the nupkg as NuGet lays one out: the module's files at
// the root, <id>.nuspec, the OPC parts ([Content_Types].xml, _rels/.rels,
// package/services/metadata/core-properties/<hash>.psmdcp).
func writePackage(out, dir string, files []string, md metadata) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	z := zip.NewWriter(f)
	// Deterministic part names: the same package content gives the same names.
	sum := sha256.Sum256([]byte(md.ID + "\x00" + md.Version))
	id := hex.EncodeToString(sum[:])
	props := "package/services/metadata/core-properties/" + id[:32] + ".psmdcp"
	nuspec := md.ID + ".nuspec"

	parts := []struct {
		name string
		data []byte
	}{
		{"_rels/.rels", relationships(nuspec, props, id)},
		{nuspec, md.nuspec()},
	}
	for _, p := range parts {
		if err := add(z, p.name, p.data); err != nil {
			return err
		}
	}
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return err
		}
		if err := add(z, name, data); err != nil {
			return err
		}
	}
	if err := add(z, "[Content_Types].xml", contentTypes(files)); err != nil {
		return err
	}
	if err := add(z, props, md.coreProperties()); err != nil {
		return err
	}
	if err := z.Close(); err != nil {
		return err
	}
	return f.Close()
}

func add(z *zip.Writer, name string, data []byte) error {
	h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: packedAt}
	h.SetMode(0o644)
	w, err := z.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, strings.NewReader(string(data)))
	return err
}

func relationships(nuspec, props, id string) []byte {
	return []byte(`<?xml version="1.0" encoding="utf-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/` + nuspec + `" Id="R` + id[32:48] + `" />
  <Relationship Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="/` + props + `" Id="R` + id[48:64] + `" />
</Relationships>
`)
}

// contentTypes has a Default per file extension, as NuGet writes it.
func contentTypes(files []string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />
  <Default Extension="psmdcp" ContentType="application/vnd.openxmlformats-package.core-properties+xml" />
  <Default Extension="nuspec" ContentType="application/octet" />
`)
	seen := map[string]bool{"rels": true, "psmdcp": true, "nuspec": true}
	for _, f := range files {
		ext := strings.TrimPrefix(path.Ext(f), ".")
		if ext == "" {
			b.WriteString(`  <Override PartName="/` + f + `" ContentType="application/octet" />` + "\n")
			continue
		}
		if !seen[strings.ToLower(ext)] {
			seen[strings.ToLower(ext)] = true
			b.WriteString(`  <Default Extension="` + ext + `" ContentType="application/octet" />` + "\n")
		}
	}
	b.WriteString("</Types>\n")
	return []byte(b.String())
}
