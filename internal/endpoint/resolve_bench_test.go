package endpoint

import "testing"

// Resolve runs at every call (twice: for -Verbose and for the client), so it
// must cost next to nothing beside an exec's round trips.
func BenchmarkResolveContext(b *testing.B) {
	dir := b.TempDir()
	dockerCLI(b, dir, "context", "create", "bench", "--docker", "host=unix:///var/run/docker.sock")
	dockerCLI(b, dir, "context", "use", "bench")
	for b.Loop() {
		if _, err := Resolve(Settings{ConfigDir: dir}); err != nil {
			b.Fatal(err)
		}
	}
}
