package contract

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const root = "../.."

func TestGeneratedFilesAreCurrent(t *testing.T) {
	files, err := Generate(root)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range files {
		got, err := os.ReadFile(filepath.Join(root, path))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s is stale: run go generate ./internal/contract", path)
		}
	}
}

// cTypes maps a C type of native/psdocker.h to the C# types that pass it
// correctly: in a [LibraryImport] declaration, or in a function pointer.
var cTypes = map[string][]string{
	"void":         {"void"},
	"int32_t":      {"int", "ReadStatus"},
	"int32_t *":    {"out int", "int*"},
	"uint64_t":     {"ulong", "CommandHandle"},
	"uint64_t *":   {"out CommandHandle", "out ulong", "ulong*"},
	"uint8_t *":    {"byte*"},
	"const char *": {"byte*"},
	"char *":       {"nint", "byte*"},
	"char **":      {"out nint", "byte**"},
}

// signature is a return type followed by the parameter types.
type signature []string

var (
	cPrototype   = regexp.MustCompile(`(?m)^(\w[\w ]*?\s*\**)\s*(\w+)\((.*)\);`)
	cParam       = regexp.MustCompile(`^(.*?[\s*])\w+$`)
	libraryCall  = regexp.MustCompile(`\[LibraryImport\(Library\)\]\s*internal static partial (\S+) (\w+)\((.*)\);`)
	functionPtr  = regexp.MustCompile(`\(delegate\* unmanaged<([^>]*)>\)NativeLibrary\.GetExport\(h, "(\w+)"\)`)
	spaceAndStar = regexp.MustCompile(`\s*\*`)
)

func headerSignatures(t *testing.T) map[string]signature {
	t.Helper()
	text := read(t, HeaderFile)
	sigs := map[string]signature{}
	for _, m := range cPrototype.FindAllStringSubmatch(text, -1) {
		sig := signature{normalizeC(m[1])}
		for _, p := range params(m[3]) {
			pm := cParam.FindStringSubmatch(strings.TrimSpace(p))
			if pm == nil {
				t.Fatalf("%s: cannot read parameter %q of %s", HeaderFile, p, m[2])
			}
			sig = append(sig, normalizeC(pm[1]))
		}
		sigs[m[2]] = sig
	}
	if len(sigs) < 6 {
		t.Fatalf("%s: read only %d prototypes", HeaderFile, len(sigs))
	}
	return sigs
}

// params splits a parameter list; "" and C's "void" are none.
func params(list string) []string {
	if list = strings.TrimSpace(list); list == "" || list == "void" {
		return nil
	}
	return strings.Split(list, ",")
}

// normalizeC writes "char**", "char *" and "char * *" all as "char **".
func normalizeC(s string) string {
	s = strings.TrimSpace(s)
	stars := strings.Count(s, "*")
	base := strings.TrimSpace(spaceAndStar.ReplaceAllString(s, ""))
	if stars == 0 {
		return base
	}
	return base + " " + strings.Repeat("*", stars)
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func checkSignature(t *testing.T, where, name string, c, cs signature) {
	t.Helper()
	if len(c) != len(cs) {
		t.Errorf("%s: %s has %d parameters, psdocker.h says %d", where, name, len(cs)-1, len(c)-1)
		return
	}
	for i := range c {
		ok := false
		for _, allowed := range cTypes[c[i]] {
			ok = ok || allowed == cs[i]
		}
		if !ok {
			what := "return type"
			if i > 0 {
				what = "parameter " + string(rune('0'+i))
			}
			t.Errorf("%s: %s %s is %q; for C %q use one of %v", where, name, what, cs[i], c[i], cTypes[c[i]])
		}
	}
}

func TestPInvokeDeclarationsMatchTheHeader(t *testing.T) {
	header := headerSignatures(t)
	const shim = "shim/Native/NativeMethods.cs"
	declared := map[string]bool{}
	for _, m := range libraryCall.FindAllStringSubmatch(read(t, shim), -1) {
		c, ok := header[m[2]]
		if !ok {
			t.Errorf("%s: %s is not in psdocker.h", shim, m[2])
			continue
		}
		cs := signature{m[1]}
		for _, p := range params(m[3]) {
			f := strings.Fields(p)
			cs = append(cs, strings.Join(f[:len(f)-1], " ")) // drop the name
		}
		checkSignature(t, shim, m[2], c, cs)
		declared[m[2]] = true
	}
	for name := range header {
		if !declared[name] {
			t.Errorf("%s: no [LibraryImport] for %s", shim, name)
		}
	}
}

func TestStressFunctionPointersMatchTheHeader(t *testing.T) {
	header := headerSignatures(t)
	const stress = "tests/Stress/Library.cs"
	found := 0
	for _, m := range functionPtr.FindAllStringSubmatch(read(t, stress), -1) {
		c, ok := header[m[2]]
		if !ok {
			t.Errorf("%s: %s is not in psdocker.h", stress, m[2])
			continue
		}
		types := strings.Split(m[1], ",")
		for i := range types {
			types[i] = strings.TrimSpace(types[i])
		}
		// delegate* unmanaged<params..., return>
		cs := append(signature{types[len(types)-1]}, types[:len(types)-1]...)
		checkSignature(t, stress, m[2], c, cs)
		found++
	}
	if found == 0 {
		t.Fatalf("%s: no function pointers found", stress)
	}
}

// A kind without a category would silently become NotSpecified in .NET.
func TestEveryErrorKindHasAPowerShellCategory(t *testing.T) {
	const errors = "shim/CommandErrors.cs"
	facts, err := Read(root)
	if err != nil {
		t.Fatal(err)
	}
	categorized := map[string]bool{}
	for _, m := range regexp.MustCompile(`\[ErrorKind\.(\w+)\] = ErrorCategory\.\w+`).FindAllStringSubmatch(read(t, errors), -1) {
		categorized[m[1]] = true
	}
	for _, kind := range facts.ErrorKinds {
		if !categorized[kind] {
			t.Errorf("%s: error kind %s has no ErrorCategory", errors, kind)
		}
		delete(categorized, kind)
	}
	for kind := range categorized {
		t.Errorf("%s: %s is not an error kind of internal/engine/errors.go", errors, kind)
	}
}
