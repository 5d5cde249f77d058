package contract

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
)

// Facts is everything that crosses the C ABI, as the Go source states it.
type Facts struct {
	Statuses    []Named  // ReadCommandOutput's status codes, from bridge.Status*
	Streams     []Named  // *stream values, from bridge.Stream*
	Environment []string // the request's env names, from bridge.environment
	StopStates  []string // "stop"."state" values, from bridge.stopStates
	ErrorKinds  []string // "error"."kind" values, from engine's Kind constants
}

// Named is one constant: its name without the Go prefix, and its value.
type Named struct {
	Name  string
	Value int
}

// Source files, relative to the repository root.
const (
	bridgeContract = "internal/bridge/contract.go"
	engineErrors   = "internal/engine/errors.go"
)

// Read parses the owners of the facts below root.
func Read(root string) (Facts, error) {
	var f Facts
	bridge, err := parse(filepath.Join(root, bridgeContract))
	if err != nil {
		return f, err
	}
	engine, err := parse(filepath.Join(root, engineErrors))
	if err != nil {
		return f, err
	}
	ast.Inspect(bridge, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			name := n.Names[0].Name
			switch {
			case strings.HasPrefix(name, "Status") && len(n.Values) == 1:
				f.Statuses = append(f.Statuses, Named{strings.TrimPrefix(name, "Status"), intLiteral(n.Values[0])})
			case strings.HasPrefix(name, "Stream") && len(n.Values) == 1:
				f.Streams = append(f.Streams, Named{strings.TrimPrefix(name, "Stream"), intLiteral(n.Values[0])})
			case name == "environment":
				f.Environment = firstStrings(n.Values[0])
			case name == "stopStates":
				f.StopStates = elementStrings(n.Values[0])
			}
		}
		return true
	})
	ast.Inspect(engine, func(n ast.Node) bool {
		if v, ok := n.(*ast.ValueSpec); ok && v.Type != nil && fmt.Sprint(v.Type) == "Kind" {
			f.ErrorKinds = append(f.ErrorKinds, stringLiteral(v.Values[0]))
		}
		return true
	})
	if len(f.Statuses) == 0 || len(f.Streams) != 2 || len(f.Environment) == 0 || len(f.StopStates) == 0 || len(f.ErrorKinds) == 0 {
		return f, fmt.Errorf("contract: incomplete facts read from %s and %s: %+v", bridgeContract, engineErrors, f)
	}
	return f, nil
}

func parse(path string) (*ast.File, error) {
	return parser.ParseFile(token.NewFileSet(), path, nil, 0)
}

// intLiteral reads 3 or -1.
func intLiteral(e ast.Expr) int {
	sign := 1
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		sign, e = -1, u.X
	}
	lit, _ := e.(*ast.BasicLit)
	if lit == nil {
		return 0
	}
	n, _ := strconv.Atoi(lit.Value)
	return sign * n
}

func stringLiteral(e ast.Expr) string {
	if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		s, _ := strconv.Unquote(lit.Value)
		return s
	}
	return ""
}

// firstStrings reads the first field of each element: {{"A", ...}, {"B", ...}}.
func firstStrings(e ast.Expr) []string {
	var out []string
	for _, el := range e.(*ast.CompositeLit).Elts {
		out = append(out, stringLiteral(el.(*ast.CompositeLit).Elts[0]))
	}
	return out
}

// elementStrings reads the values of a map literal: {k: "a", k2: "b"}.
func elementStrings(e ast.Expr) []string {
	var out []string
	for _, el := range e.(*ast.CompositeLit).Elts {
		out = append(out, stringLiteral(el.(*ast.KeyValueExpr).Value))
	}
	return out
}
