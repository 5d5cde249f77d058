package helpgen

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixturesDir finds the platyPS input/output pairs: $PSDOCKER_HELP_FIXTURES,
// else ../../../shared/help-fixtures from this package. A missing folder is
// a failure, not a skip: without it nothing here proves fidelity.
func fixturesDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("PSDOCKER_HELP_FIXTURES")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "help-fixtures")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Fatalf("help fixtures not found at %s (set PSDOCKER_HELP_FIXTURES): %v", dir, err)
	}
	return dir
}

// comparable drops a leading UTF-8 BOM and every CR, the comparison the
// fixtures README defines.
func comparable(b []byte) string {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	return strings.ReplaceAll(string(b), "\r", "")
}

func outputNamed(t *testing.T, outs []Output, name string) []byte {
	t.Helper()
	for _, o := range outs {
		if o.Name == name {
			return o.Data
		}
	}
	var names []string
	for _, o := range outs {
		names = append(names, o.Name)
	}
	t.Fatalf("no output %q; got %q", name, names)
	return nil
}

// firstDifference describes where two texts part, for readable failures.
func firstDifference(got, want string) string {
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w || i >= len(gl) || i >= len(wl) {
			return fmt.Sprintf("line %d:\n got: %q\nwant: %q", i+1, g, w)
		}
	}
	return "equal"
}

func TestMAMLMatchesPlatyPSFixtures(t *testing.T) {
	root := fixturesDir(t)
	cases := []struct {
		folder, markdown, want string
	}{
		{"psclock", "docs", "en-US/PSClock-help.xml"},
		{"secretmanagement", "help", "help/en-US/Microsoft.PowerShell.SecretManagement.dll-Help.xml"},
	}
	for _, c := range cases {
		t.Run(c.folder, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(root, c.folder, c.want))
			if err != nil {
				t.Fatal(err)
			}
			outs, err := Generate(filepath.Join(root, c.folder, c.markdown), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := outputNamed(t, outs, filepath.Base(c.want))
			if !bytes.HasPrefix(got, []byte("\xEF\xBB\xBF")) {
				t.Error("output has no UTF-8 BOM")
			}
			if g, w := comparable(got), comparable(want); g != w {
				t.Errorf("MAML differs from platyPS at %s", firstDifference(g, w))
			}
		})
	}
}

// The line endings of the input must not matter (platyPS normalises them).
func TestMAMLIgnoresInputLineEndings(t *testing.T) {
	root := fixturesDir(t)
	src := filepath.Join(root, "psclock", "docs")
	want, err := Generate(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	crlf := t.TempDir()
	entries, _ := os.ReadDir(src)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
		b = append([]byte("\xEF\xBB\xBF"), b...)
		if err := os.WriteFile(filepath.Join(crlf, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Generate(crlf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d outputs, want %d", len(got), len(want))
	}
	for i := range got {
		if !bytes.Equal(got[i].Data, want[i].Data) {
			t.Errorf("%s differs with CRLF+BOM input", got[i].Name)
		}
	}
}

func TestAboutTopicMatchesSecretManagementFixture(t *testing.T) {
	dir := filepath.Join(fixturesDir(t), "secretmanagement", "help", "en-US")
	want, err := os.ReadFile(filepath.Join(dir, "about_Microsoft.PowerShell.SecretManagement.help.txt"))
	if err != nil {
		t.Fatal(err)
	}
	outs, err := Generate(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := outputNamed(t, outs, "about_Microsoft.PowerShell.SecretManagement.help.txt")
	if g, w := comparable(got), comparable(want); g != w {
		t.Errorf("about topic differs at %s", firstDifference(g, w))
	}
	if !bytes.Contains(got, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(got, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("about topic must use CRLF line ends only")
	}
}

// The committed about_psclock.help.txt was not produced from the committed
// about_psclock.md by platyPS (it has sentences the markdown lacks and
// lines over 80 columns), so only what both agree on is checked: the
// section headings, in order, and the topic header.
func TestAboutTopicPSClockStructure(t *testing.T) {
	root := fixturesDir(t)
	want, err := os.ReadFile(filepath.Join(root, "psclock", "en-US", "about_psclock.help.txt"))
	if err != nil {
		t.Fatal(err)
	}
	outs, err := Generate(filepath.Join(root, "psclock", "docs"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := comparable(outputNamed(t, outs, "about_psclock.help.txt"))
	headings := func(s string) []string {
		var hs []string
		for _, l := range strings.Split(s, "\n") {
			if l != "" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "- ") {
				hs = append(hs, l)
			}
		}
		return hs
	}
	if g, w := strings.Join(headings(got), "|"), strings.Join(headings(comparable(want)), "|"); g != w {
		t.Errorf("headings differ:\n got: %s\nwant: %s", g, w)
	}
	if !strings.HasPrefix(got, "TOPIC\n    about_psclock\n\n") {
		t.Errorf("topic header wrong: %q", got[:min(40, len(got))])
	}
}
