package helpgen

import (
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzConvert runs one markdown file through everything New-ExternalHelp
// does with it: metadata, parse, transform, MAML and about rendering. It
// must not panic, must not hang, must fail only with a *Error, and any MAML
// it produces must be well-formed XML. Seeds are the fixtures' markdown.
func FuzzConvert(f *testing.F) {
	root := fixturesDir(f)
	seeds, _ := filepath.Glob(filepath.Join(root, "*", "*", "*.md"))
	more, _ := filepath.Glob(filepath.Join(root, "*", "*", "*", "*.md"))
	seeds = append(seeds, more...)
	if len(seeds) == 0 {
		f.Fatal("no fixture markdown to seed from")
	}
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("# A-B\n## EXAMPLES\n### x\n```\n```\ntext\n```\n```\n"))
	f.Add([]byte("---\nschema: 2.0.0\n---\n# A-B\n## PARAMETERS\n### -P\n```yaml\nType: switch\n```\n"))

	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			convertOnce(t, data)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("conversion of %d bytes did not finish in 10s", len(data))
		}
	})
}

func convertOnce(t *testing.T, data []byte) {
	text := decodeText(data)
	check := func(err error) bool {
		if err == nil {
			return true
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("untyped error: %v", err)
		}
		return false
	}
	if _, err := readMetadata("f.md", text); !check(err) {
		return
	}
	doc := parseMarkdown("f.md", text)
	if _, err := renderAbout(doc, 80); !check(err) {
		return
	}
	cmds, err := transformDocument(doc)
	if !check(err) {
		return
	}
	out, err := renderMAML(cmds)
	if err != nil {
		var xe *invalidXMLCharError
		if !errors.As(err, &xe) {
			t.Errorf("unexpected render error: %v", err)
		}
		return
	}
	dec := xml.NewDecoder(strings.NewReader(out))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("MAML is not well-formed XML: %v", err)
			return
		}
	}
}
