package platforms

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTheListLoads(t *testing.T) {
	list, err := Load("../../native/platforms.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if p.RID != strings.ToLower(p.RID) || !strings.Contains(p.File, "psdocker") {
			t.Errorf("%s: odd rid or file name %q", p.RID, p.File)
		}
		if p.Built() && p.CC == "" {
			t.Errorf("%s is built but names no C compiler", p.RID)
		}
	}
	if p, ok := Find(list, "linux-x64"); !ok || p.Path() != "runtimes/linux-x64/native/libpsdocker.so" {
		t.Errorf("linux-x64: %+v", p)
	}
}

func TestLoadRejectsUnknownFieldsAndDuplicates(t *testing.T) {
	for name, text := range map[string]string{
		"unknown field": `{"platforms":[{"rid":"a","os":"Linux","arch":"X64","goos":"linux","goarch":"amd64","file":"f","extra":1}]}`,
		"duplicate":     `{"platforms":[{"rid":"a","os":"Linux","arch":"X64","goos":"linux","goarch":"amd64","file":"f"},{"rid":"a","os":"Linux","arch":"X64","goos":"linux","goarch":"amd64","file":"f"}]}`,
		"missing field": `{"platforms":[{"rid":"a","os":"Linux","arch":"X64","goos":"linux","goarch":"amd64"}]}`,
		"empty":         `{"platforms":[]}`,
	} {
		path := filepath.Join(t.TempDir(), "p.json")
		os.WriteFile(path, []byte(text), 0o644)
		if _, err := Load(path); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
