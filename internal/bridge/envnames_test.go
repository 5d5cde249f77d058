package bridge

import (
	"os"
	"regexp"
	"slices"
	"testing"
)

// The shim reads the variables from .NET's environment and sends them; the
// bridge reads them from the request. A name only one side knows is a
// setting that silently does nothing.
func TestShimSendsTheEnvironmentTheBridgeReads(t *testing.T) {
	src, err := os.ReadFile("../../shim/CommandRequest.cs")
	if err != nil {
		t.Fatal(err)
	}
	list := regexp.MustCompile(`(?s)EnvironmentNames =\s*\[(.*?)\];`).FindSubmatch(src)
	if list == nil {
		t.Fatal("EnvironmentNames not found in shim/CommandRequest.cs")
	}
	var shim []string
	for _, m := range regexp.MustCompile(`"([A-Z_]+)"`).FindAllSubmatch(list[1], -1) {
		shim = append(shim, string(m[1]))
	}
	if !slices.Equal(shim, environmentNames) {
		t.Errorf("shim sends %v, bridge reads %v", shim, environmentNames)
	}
}
