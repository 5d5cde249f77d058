package engine

import (
	"strings"
	"testing"
	"time"
)

// Odd input gives the documented result or an error that names the
// problem; none hangs.

func TestNULIsRefusedBeforeTheDaemon(t *testing.T) {
	for _, r := range []CommandRequest{
		{Container: "we\x00b", Argv: []string{"true"}},
		{Container: "web", Argv: []string{"tr\x00ue"}},
		{Container: "web", Argv: []string{"echo", "a\x00b"}},
	} {
		if _, err := Start(r); KindOf(err) != InvalidRequest || !strings.Contains(err.Error(), "NUL") {
			t.Errorf("Start(%q) = %v, want InvalidRequest naming NUL", r.Argv, err)
		}
	}
}

func TestLargeArguments(t *testing.T) {
	web := runningContainer(t)
	// Linux takes at most 128 KiB per argument: runc says so on stderr.
	o := readAll(t, start(t, web, 0, "echo", strings.Repeat("a", 1<<20)), 30*time.Second)
	if o.status != Ended || o.result.ExitCode == 0 || !strings.Contains(o.stderr.String(), "argument list too long") {
		t.Errorf("1 MiB argument: status %v exit %d stderr %q", o.status, o.result.ExitCode, o.stderr.String())
	}
	many := append([]string{"sh", "-c", `echo $#`, "sh"}, strings.Fields(strings.Repeat("a ", 100000))...)
	if o := readAll(t, start(t, web, 0, many...), 60*time.Second); o.stdout.String() != "100000\n" {
		t.Errorf("100,000 arguments: status %v stdout %q err %v", o.status, o.stdout.String(), o.result.Err)
	}
}

func TestNameIDAndIDPrefix(t *testing.T) {
	web := runningContainer(t)
	id := docker(t, "inspect", "-f", "{{.Id}}", web)
	for _, name := range []string{id, id[:12]} {
		if o := readAll(t, start(t, name, 0, "echo", "ok"), 30*time.Second); o.stdout.String() != "ok\n" {
			t.Errorf("%s: status %v err %v", name, o.status, o.result.Err)
		}
	}
	// Two containers whose IDs begin alike make that beginning ambiguous.
	first := map[byte]bool{id[0]: true}
	for range 40 {
		other := docker(t, "inspect", "-f", "{{.Id}}", runningContainer(t))
		if !first[other[0]] {
			first[other[0]] = true
			continue
		}
		o := readAll(t, start(t, other[:1], 0, "true"), 30*time.Second)
		if KindOf(o.result.Err) != ContainerAmbiguous || !strings.Contains(o.result.Err.Error(), "more than one container") {
			t.Errorf("prefix %s: status %v err %v, want ContainerAmbiguous", other[:1], o.status, o.result.Err)
		}
		return
	}
	t.Fatal("no two containers with a common first ID character")
}

func TestStdinIsEmpty(t *testing.T) {
	web := runningContainer(t)
	o := readAll(t, start(t, web, 5*time.Second, "cat"), 30*time.Second)
	if o.status != Ended || o.result.ExitCode != 0 || o.stdout.Len() != 0 {
		t.Errorf("cat with no input: status %v exit %d stdout %q, want an empty, immediate end", o.status, o.result.ExitCode, o.stdout.String())
	}
}

func TestArgvIsNeverAShellLine(t *testing.T) {
	web := runningContainer(t)
	for _, arg := range []string{"; touch /tmp/pwned", "$(touch /tmp/pwned)", "`touch /tmp/pwned`", "| touch /tmp/pwned", "&& touch /tmp/pwned"} {
		if o := readAll(t, start(t, web, 0, "echo", arg), 30*time.Second); o.stdout.String() != arg+"\n" {
			t.Errorf("echo %q printed %q", arg, o.stdout.String())
		}
	}
	if o := readAll(t, start(t, web, 0, "ls", "/tmp/pwned"), 30*time.Second); o.result.ExitCode == 0 {
		t.Error("an argument ran as a shell command")
	}
}
