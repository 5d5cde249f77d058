package helpgen

import (
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// This file ports what New-ExternalHelp does with a folder: pick the
// command files and about topics, group commands by their "external help
// file" key, and render one MAML file per group plus one text file per
// about topic. Everything is rendered in memory first; see WriteOutputs.

// defaultMAMLName is used for files without an "external help file" key.
const defaultMAMLName = "rename-me-help.xml"

// Options control Generate.
type Options struct {
	// AboutWidth is New-ExternalHelp -MaxAboutWidth; 0 means 80.
	AboutWidth int
	// Warnings receives platyPS's warnings (missing "external help file").
	Warnings io.Writer
}

// Output is one file to write, named relative to the output folder.
type Output struct {
	Name string
	Data []byte // UTF-8 with BOM, CRLF line ends
}

type sourceFile struct {
	name string // file name within the folder
	path string // path used in messages
	text string
}

// Generate converts the markdown folder dir. It returns the files to write,
// or the first error platyPS would stop at.
func Generate(dir string, opt Options) ([]Output, error) {
	if opt.AboutWidth == 0 {
		opt.AboutWidth = 80
	}
	if opt.Warnings == nil {
		opt.Warnings = io.Discard
	}
	all, err := readMarkdownFolder(dir)
	if err != nil {
		return nil, err
	}

	var commands, rest []sourceFile
	for _, f := range all {
		if isCommandFileName(f.name) {
			commands = append(commands, f)
		} else {
			rest = append(rest, f)
		}
	}
	// FilterMdFileToExcludeModulePage: a "Module Guid" key marks the module
	// page, which is neither a command nor (normally) an about topic.
	var kept []sourceFile
	for _, f := range commands {
		md, err := readMetadata(f.path, f.text)
		if err != nil {
			return nil, err
		}
		if md.has(keyModuleGUID) && md.get(keyModuleGUID) != "" {
			rest = append(rest, f)
			continue
		}
		kept = append(kept, f)
	}
	slices.SortStableFunc(rest, func(a, b sourceFile) int { return compareFileNames(a.name, b.name) })

	outputs, err := renderCommandGroups(kept, opt)
	if err != nil {
		return nil, err
	}
	for _, f := range rest {
		doc := parseMarkdown(f.path, f.text)
		if !isAboutTopic(doc) {
			continue
		}
		text, err := renderAbout(doc, opt.AboutWidth)
		if err != nil {
			return nil, err
		}
		outputs = append(outputs, Output{Name: aboutOutputName(f.name), Data: withBOM(text)})
	}
	return outputs, nil
}

// readMarkdownFolder lists *.md files (not hidden, not folders) the way
// Get-ChildItem -Filter '*.md' does on Windows: case-insensitive, sorted by
// name without case.
func readMarkdownFolder(dir string) ([]sourceFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []sourceFile
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(strings.ToLower(name), ".md") {
			continue
		}
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		files = append(files, sourceFile{name: name, path: p, text: decodeText(b)})
	}
	slices.SortStableFunc(files, func(a, b sourceFile) int { return compareFileNames(a.name, b.name) })
	return files, nil
}

// compareFileNames orders names as NTFS lists them: upper-cased ordinal.
func compareFileNames(a, b string) int {
	if c := strings.Compare(strings.ToUpper(a), strings.ToUpper(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// isCommandFileName is GetMarkdownFilesFromPath: '*-*.md' and not about_*.
func isCommandFileName(name string) bool {
	lower := strings.ToLower(name)
	ok, _ := path.Match("*-*.md", lower)
	return ok && !strings.HasPrefix(lower, "about_")
}

// renderCommandGroups groups command files by their "external help file"
// key (case-insensitive, in order of first appearance, like Group-Object)
// and renders each group.
func renderCommandGroups(files []sourceFile, opt Options) ([]Output, error) {
	type group struct {
		name  string
		files []sourceFile
	}
	var groups []*group
	for _, f := range files {
		md, err := readMetadata(f.path, f.text)
		if err != nil {
			return nil, err
		}
		name := md.get(keyExternalHelpFile)
		if name == "" {
			fmt.Fprintf(opt.Warnings, "%s: warning: cannot find '%s' in metadata; %s will be used\n",
				f.path, keyExternalHelpFile, defaultMAMLName)
			name = defaultMAMLName
		}
		i := slices.IndexFunc(groups, func(g *group) bool { return strings.EqualFold(g.name, name) })
		if i < 0 {
			groups = append(groups, &group{name: name})
			i = len(groups) - 1
		}
		groups[i].files = append(groups[i].files, f)
	}

	var outputs []Output
	for _, g := range groups {
		var cmds []*mamlCommand
		for _, f := range g.files {
			fileCmds, err := commandsFromFile(f)
			if err != nil {
				return nil, err
			}
			cmds = append(cmds, fileCmds...)
		}
		xml, err := renderMAML(cmds)
		if err != nil {
			return nil, locateXMLError(g.files, err)
		}
		outputs = append(outputs, Output{Name: g.name, Data: withBOM(xml)})
	}
	return outputs, nil
}

// commandsFromFile is GetMamlModelImpl for one file: check the schema,
// parse, transform, and add the "online version" link.
func commandsFromFile(f sourceFile) ([]*mamlCommand, error) {
	md, err := readMetadata(f.path, f.text)
	if err != nil {
		return nil, err
	}
	switch schema := md.get(keySchema); schema {
	case "", "2.0.0":
	case "1.0.0":
		return nil, &Error{File: f.path, Line: 1, Message: msgSchema100}
	default:
		return nil, &Error{File: f.path, Line: 1, Message: fmt.Sprintf(msgSchemaInvalid, schema)}
	}
	cmds, err := transformDocument(parseMarkdown(f.path, f.text))
	if err != nil {
		return nil, err
	}
	if online := md.get(keyOnlineVersion); online != "" {
		for _, c := range cmds {
			addOnlineLink(c, online)
		}
	}
	return cmds, nil
}

// addOnlineLink is SetOnlineVersionUrlLink: prepend "Online Version:"
// unless the first related link already points there (PowerShell's -ne is
// case-insensitive).
func addOnlineLink(c *mamlCommand, uri string) {
	if len(c.links) > 0 && strings.EqualFold(c.links[0].uri, uri) {
		return
	}
	c.links = slices.Insert(c.links, 0, mamlLink{name: "Online Version:", uri: uri})
}

// locateXMLError names the first file and line holding a character XML
// cannot carry.
func locateXMLError(files []sourceFile, err error) error {
	for _, f := range files {
		doc := parseMarkdown(f.path, f.text)
		for i, r := range doc.text {
			if !validXMLChar(r) {
				return &Error{File: f.path, Line: doc.lineOf(extent{i, i}), Message: err.Error()}
			}
		}
	}
	return err
}

// aboutOutputName is <base>.help.txt, with "about_" prepended when the
// name does not already start with it.
func aboutOutputName(name string) string {
	out := strings.TrimSuffix(name, filepath.Ext(name)) + ".help.txt"
	if !strings.HasPrefix(strings.ToUpper(out), "ABOUT_") {
		out = "about_" + out
	}
	return out
}

func withBOM(s string) []byte { return append([]byte("\xEF\xBB\xBF"), s...) }

// WriteOutputs writes every output under dir, or none: each file goes to a
// temporary file first and all are renamed into place only when every
// temporary file was written.
func WriteOutputs(dir string, outputs []Output) error {
	type pending struct{ tmp, final string }
	var done []pending
	cleanup := func() {
		for _, p := range done {
			os.Remove(p.tmp)
		}
	}
	for _, o := range outputs {
		final := filepath.Join(dir, o.Name)
		if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
			cleanup()
			return err
		}
		tmp, err := os.CreateTemp(filepath.Dir(final), ".helpgen-*.tmp")
		if err != nil {
			cleanup()
			return err
		}
		done = append(done, pending{tmp.Name(), final})
		// CreateTemp makes 0600; help files are read by every user of the module.
		if err := tmp.Chmod(0o644); err != nil {
			tmp.Close()
			cleanup()
			return err
		}
		_, werr := tmp.Write(o.Data)
		cerr := tmp.Close()
		if werr != nil || cerr != nil {
			cleanup()
			if werr != nil {
				return werr
			}
			return cerr
		}
	}
	for _, p := range done {
		if err := os.Rename(p.tmp, p.final); err != nil {
			cleanup()
			return err
		}
	}
	return nil
}
