package contract

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Facts is everything that crosses the C ABI, as the Go source states it.
type Facts struct {
	Enums     []Enum
	JSONTypes []JSONType
	Bounds    []Bound
}

// Enum is a type marked //contract:enum and its constants.
type Enum struct {
	Name   string
	Doc    string
	String bool // a string type: C# gets constants, C nothing
	Values []Value
}

// Value is one constant of an Enum.
type Value struct {
	Name    string // the Go name
	Int     int
	Str     string
	Comment string
}

// JSONType is a struct marked //contract:json.
type JSONType struct {
	Name        string
	Doc         string
	Environment bool // //contract:json environment: read from environment variables by the caller
	Fields      []Field
}

// Field is one field of a JSONType.
type Field struct {
	Name      string // the Go name
	JSON      string
	OmitEmpty bool
	Type      ast.Expr
	Comment   string
	Windows   string // the variable that fills it on Windows, for an environment message
}

// Packages whose marked declarations cross the C ABI, relative to the root.
var Packages = []string{"internal/endpoint", "internal/engine", "internal/bridge"}

const (
	markJSON  = "//contract:json"
	markEnum  = "//contract:enum"
	markBound = "//contract:bound"
)

// Bound is a duration marked //contract:bound, with its compiled value.
type Bound struct {
	Name string
	Doc  string
	D    time.Duration
}

// Read parses the marked declarations of Packages below root.
func Read(root string) (Facts, error) {
	var f Facts
	var files []*ast.File
	for _, dir := range Packages {
		names, err := filepath.Glob(filepath.Join(root, dir, "*.go"))
		if err != nil {
			return f, err
		}
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			src, err := os.ReadFile(name)
			if err != nil {
				return f, err
			}
			file, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ParseComments)
			if err != nil {
				return f, err
			}
			files = append(files, file)
		}
	}
	for _, file := range files {
		for _, decl := range file.Decls {
			g, ok := decl.(*ast.GenDecl)
			if ok && g.Tok == token.CONST && g.Doc != nil {
				if mark, _ := marker(g.Doc); mark == markBound {
					name := g.Specs[0].(*ast.ValueSpec).Names[0].Name
					d, known := compiled[name]
					if len(g.Specs) != 1 || !known {
						return f, fmt.Errorf("contract: %s must be a single constant listed in internal/contract/bounds.go", name)
					}
					f.Bounds = append(f.Bounds, Bound{Name: name, Doc: doc(g.Doc), D: d})
				}
			}
			if !ok || g.Tok != token.TYPE || g.Doc == nil {
				continue
			}
			spec := g.Specs[0].(*ast.TypeSpec)
			mark, arg := marker(g.Doc)
			switch mark {
			case markEnum:
				f.Enums = append(f.Enums, Enum{Name: spec.Name.Name, Doc: doc(g.Doc), String: identName(spec.Type) == "string"})
			case markJSON:
				st, ok := spec.Type.(*ast.StructType)
				if !ok {
					return f, fmt.Errorf("contract: %s is marked %s but is no struct", spec.Name.Name, markJSON)
				}
				m := JSONType{Name: spec.Name.Name, Doc: doc(g.Doc), Environment: arg == "environment"}
				for _, fl := range st.Fields.List {
					if len(fl.Names) != 1 {
						return f, fmt.Errorf("contract: %s: declare each field of a %s type on its own, named", spec.Name.Name, markJSON)
					}
					tag := reflect.StructTag("")
					if fl.Tag != nil {
						s, _ := strconv.Unquote(fl.Tag.Value)
						tag = reflect.StructTag(s)
					}
					jsonName, opts, _ := strings.Cut(tag.Get("json"), ",")
					if jsonName == "" || jsonName == "-" {
						return f, fmt.Errorf("contract: %s.%s has no JSON name", spec.Name.Name, fl.Names[0].Name)
					}
					m.Fields = append(m.Fields, Field{Name: fl.Names[0].Name, JSON: jsonName, OmitEmpty: opts == "omitempty",
						Type: fl.Type, Comment: comment(fl.Comment, fl.Doc), Windows: tag.Get("windows")})
				}
				f.JSONTypes = append(f.JSONTypes, m)
			}
		}
	}
	// The constants of each marked type, in source order.
	for _, file := range files {
		for _, decl := range file.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			inEnum := false // the spec before was of a marked type
			for _, s := range g.Specs {
				v := s.(*ast.ValueSpec)
				i := slices.IndexFunc(f.Enums, func(e Enum) bool { return v.Type != nil && identName(v.Type) == e.Name })
				if i < 0 {
					// Without type and value, a spec repeats the one before
					// (iota): in a marked enum that would hide a value.
					if inEnum && v.Type == nil && len(v.Values) == 0 {
						return f, fmt.Errorf("contract: %s: give each constant of a marked enum its type and a literal value", v.Names[0].Name)
					}
					inEnum = false
					continue
				}
				inEnum = true
				val := Value{Name: v.Names[0].Name, Comment: comment(v.Comment, nil)}
				ok := len(v.Names) == 1 && len(v.Values) == 1
				if ok && f.Enums[i].String {
					val.Str, ok = stringLiteral(v.Values[0])
				} else if ok {
					val.Int, ok = intLiteral(v.Values[0])
				}
				if !ok {
					return f, fmt.Errorf("contract: %s: give each constant of a marked enum its own line and a literal value", v.Names[0].Name)
				}
				f.Enums[i].Values = append(f.Enums[i].Values, val)
			}
		}
	}
	for _, want := range []string{"Status", "OutputStream", "ErrorKind", "StopState"} {
		if e := f.Enum(want); e == nil || len(e.Values) == 0 {
			return f, fmt.Errorf("contract: no constants of the enum %s found in %v", want, Packages)
		}
	}
	if f.JSONType("CommandRequest") == nil || f.JSONType("CommandReport") == nil {
		return f, fmt.Errorf("contract: CommandRequest and CommandReport must be marked %s", markJSON)
	}
	for name := range compiled {
		if !slices.ContainsFunc(f.Bounds, func(b Bound) bool { return b.Name == name }) {
			return f, fmt.Errorf("contract: %s is listed in internal/contract/bounds.go but not marked %s", name, markBound)
		}
	}
	return f, nil
}

// Enum is the enum named name, or nil.
func (f Facts) Enum(name string) *Enum {
	for i := range f.Enums {
		if f.Enums[i].Name == name {
			return &f.Enums[i]
		}
	}
	return nil
}

// JSONType is the JSON type named name, or nil.
func (f Facts) JSONType(name string) *JSONType {
	for i := range f.JSONTypes {
		if f.JSONTypes[i].Name == name {
			return &f.JSONTypes[i]
		}
	}
	return nil
}

// marker finds a //contract: line in a doc comment: the mark and its argument.
func marker(g *ast.CommentGroup) (mark, arg string) {
	for _, c := range g.List {
		if strings.HasPrefix(c.Text, "//contract:") {
			mark, arg, _ = strings.Cut(c.Text, " ")
			return mark, strings.TrimSpace(arg)
		}
	}
	return "", ""
}

// doc is a doc comment's text without its directives, as one paragraph.
func doc(g *ast.CommentGroup) string {
	return strings.Join(strings.Fields(g.Text()), " ")
}

func comment(groups ...*ast.CommentGroup) string {
	var parts []string
	for _, g := range groups {
		if g != nil {
			parts = append(parts, strings.Join(strings.Fields(g.Text()), " "))
		}
	}
	return strings.Join(parts, " ")
}

// identName is the name of an identifier or of a selector's last part.
func identName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}

// intLiteral reads 3 or -1; false for anything else.
func intLiteral(e ast.Expr) (int, bool) {
	sign := 1
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		sign, e = -1, u.X
	}
	lit, _ := e.(*ast.BasicLit)
	if lit == nil || lit.Kind != token.INT {
		return 0, false
	}
	n, err := strconv.Atoi(lit.Value)
	return sign * n, err == nil
}

// stringLiteral reads "x"; false for anything else.
func stringLiteral(e ast.Expr) (string, bool) {
	if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		s, err := strconv.Unquote(lit.Value)
		return s, err == nil
	}
	return "", false
}
