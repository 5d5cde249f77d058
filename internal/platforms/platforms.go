// Package platforms reads native/platforms.json, the one list of the
// platforms PSDocker ships a native library for.
package platforms

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
)

// Platform is one runtime identifier and how to build and name its library.
type Platform struct {
	RID      string `json:"rid"`    // .NET runtime identifier: runtimes/<rid>/native/ in the module
	OS       string `json:"os"`     // OSPlatform name, as .NET reports it
	Arch     string `json:"arch"`   // Architecture name, as .NET reports it
	GOOS     string `json:"goos"`   // the Go target
	GOARCH   string `json:"goarch"` //
	CC       string `json:"cc"`     // the C cross compiler on a linux-amd64 machine
	File     string `json:"file"`   // the library's file name
	NotBuilt string `json:"notBuilt,omitempty"`
}

// Built reports whether the package carries a library for the platform.
func (p Platform) Built() bool { return p.NotBuilt == "" }

// Path is the library's path inside the module folder, with slashes.
func (p Platform) Path() string { return "runtimes/" + p.RID + "/native/" + p.File }

// Host reports whether p is the platform this program runs on.
func (p Platform) Host() bool { return p.GOOS == runtime.GOOS && p.GOARCH == runtime.GOARCH }

// Load reads and checks the list.
func Load(path string) ([]Platform, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Platforms []Platform `json:"platforms"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&struct {
		Comment   string      `json:"comment"`
		Platforms *[]Platform `json:"platforms"`
	}{Platforms: &doc.Platforms}); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	seen := map[string]bool{}
	for _, p := range doc.Platforms {
		if p.RID == "" || p.OS == "" || p.Arch == "" || p.GOOS == "" || p.GOARCH == "" || p.File == "" {
			return nil, fmt.Errorf("%s: platform %q lacks a field", path, p.RID)
		}
		if seen[p.RID] {
			return nil, fmt.Errorf("%s: %s is listed twice", path, p.RID)
		}
		seen[p.RID] = true
	}
	if len(doc.Platforms) == 0 {
		return nil, fmt.Errorf("%s: no platforms", path)
	}
	return doc.Platforms, nil
}

// Find returns the platform with the runtime identifier rid.
func Find(list []Platform, rid string) (Platform, bool) {
	for _, p := range list {
		if p.RID == rid {
			return p, true
		}
	}
	return Platform{}, false
}
