package contract

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
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
	"void":            {"void"},
	"int32_t":         {"int", "Status", "InputStatus"},
	"int32_t *":       {"out int", "int*"},
	"uint64_t":        {"ulong", "CommandHandle"},
	"uint64_t *":      {"out CommandHandle", "out ulong", "ulong*"},
	"uint8_t *":       {"byte*"},
	"const uint8_t *": {"byte*"},
	"const char *":    {"byte*"},
	"char *":          {"nint", "byte*"},
	"char **":         {"out nint", "byte**"},
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
	const errors = "shim/Messages.cs"
	facts, err := Read(root)
	if err != nil {
		t.Fatal(err)
	}
	categorized := map[string]bool{}
	for _, m := range regexp.MustCompile(`\[ErrorKind\.(\w+)\] = ErrorCategory\.\w+`).FindAllStringSubmatch(read(t, errors), -1) {
		categorized[m[1]] = true
	}
	for _, v := range facts.Enum("ErrorKind").Values {
		kind := v.Str
		if !categorized[kind] {
			t.Errorf("%s: error kind %s has no ErrorCategory", errors, kind)
		}
		delete(categorized, kind)
	}
	for kind := range categorized {
		t.Errorf("%s: %s is not an error kind of internal/engine/errors.go", errors, kind)
	}
}

// Only what is marked crosses: a constant whose name looks like a status, a
// constant of an unmarked type and an unmarked struct stay out.
func TestOnlyMarkedDeclarationsCross(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "internal", "engine")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := "package engine\n\n" +
		"//contract:enum\ntype Status int32\n\nconst (\n\tData Status = 0\n\tStatusLike = 7\n)\n\n" +
		"type Other int32\n\nconst OtherValue Other = 3\n\n" +
		"//contract:enum\ntype OutputStream int32\n\nconst Stdout OutputStream = 1\n\n" +
		"//contract:enum\ntype ErrorKind string\n\nconst Gone ErrorKind = \"Gone\"\n\n" +
		"//contract:enum\ntype StopState string\n\nconst StopEnded StopState = \"ended\"\n\n" +
		"//contract:json\ntype CommandRequest struct {\n\tA string `json:\"a\"`\n}\n\n" +
		"//contract:json\ntype CommandReport struct {\n\tB *int `json:\"b\"`\n}\n\n" +
		"type Unmarked struct {\n\tC string `json:\"c\"`\n}\n" +
		"//contract:bound\nconst StopGrace = 2\n\n//contract:bound\nconst StopReportBound = 7\n\n//contract:bound\nconst ListTimeout = 1\n"
	if err := os.WriteFile(filepath.Join(dir, "a.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Read(root)
	if err != nil {
		t.Fatal(err)
	}
	if s := f.Enum("Status").Values; len(s) != 1 || s[0].Name != "Data" {
		t.Errorf("Status values %+v, want Data only", s)
	}
	if f.Enum("Other") != nil || f.JSONType("Unmarked") != nil || len(f.JSONTypes) != 2 {
		t.Errorf("unmarked declarations crossed: %+v", f)
	}
	cs, err := csharpJSONTypes(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`[JsonPropertyName("a")]`, "public int? B { get; set; }"} {
		if !strings.Contains(string(cs), want) {
			t.Errorf("generated C# lacks %q:\n%s", want, cs)
		}
	}
}

// The help and the bench script state the bounds in words; they must state
// the ones the code has.
func TestTheDocsStateTheBoundsOfTheCode(t *testing.T) {
	grace := int(compiled["StopGrace"] / time.Second)
	report := int(compiled["StopReportBound"] / time.Second)
	checks := []struct {
		pattern string // its group is a number of seconds
		want    int
		min     int // how many times the files must say it
	}{
		{`SIGKILL[^.]*?(\d+) seconds later`, grace, 4},
		{`cannot check that within (\d+) seconds`, report, 1},
		{`the stop's grace \((\d+) s\)`, grace, 1},
		{`not confirmed within the (\d+) s bound`, report, 1},
	}
	files := []string{"docs/Invoke-Command.md", "docs/about_PSDocker.md", "tests/bench/Measure-InvokeCommand.ps1"}
	var text string
	for _, f := range files {
		text += read(t, f)
	}
	for _, c := range checks {
		found := regexp.MustCompile(c.pattern).FindAllStringSubmatch(text, -1)
		if len(found) < c.min {
			t.Errorf("%v say %q %d times, want at least %d", files, c.pattern, len(found), c.min)
		}
		for _, m := range found {
			if n, _ := strconv.Atoi(m[1]); n != c.want {
				t.Errorf("%q says %d, the code has %d", m[0], n, c.want)
			}
		}
	}
	// Tab completion promises an answer within a second.
	if strings.Count(text, "cannot be reached within a second") < 2 || compiled["ListTimeout"] >= time.Second {
		t.Errorf("the help promises completion within a second; ListTimeout is %v", compiled["ListTimeout"])
	}
}
