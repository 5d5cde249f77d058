package endpoint

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The context store and config.json are written by the docker CLI itself
// (docker context create / use), so these tests check that PSDocker reads
// what docker writes, not what a hand-written fixture guesses.

func dockerCLI(t testing.TB, configDir string, args ...string) {
	t.Helper()
	if _, err := exec.LookPath("docker"); err != nil {
		t.Skip("the docker CLI is not installed; it writes the context store these tests read")
	}
	cmd := exec.Command("docker", args...)
	cmd.Env = append(cleanEnv(), "DOCKER_CONFIG="+configDir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// cleanEnv is the process environment without the variables that choose a
// daemon, so the developer's own settings cannot leak into a test.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG", "DOCKER_TLS", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH":
			continue
		}
		env = append(env, kv)
	}
	return env
}

func resolve(t *testing.T, s Settings) Endpoint {
	t.Helper()
	ep, err := Resolve(s)
	if err != nil {
		t.Fatalf("Resolve(%+v): %v", s, err)
	}
	return ep
}

func TestTheOrderIsDockerHostThenDockerContextThenCurrentContextThenDefault(t *testing.T) {
	dir := t.TempDir()
	dockerCLI(t, dir, "context", "create", "one", "--docker", "host=unix:///run/one.sock")
	dockerCLI(t, dir, "context", "create", "two", "--docker", "host=tcp://127.0.0.1:2999")

	ep := resolve(t, Settings{ConfigDir: dir})
	if ep.Host != "unix:///var/run/docker.sock" || ep.Context != "default" || ep.Source != FromDefault {
		t.Errorf("nothing set: %+v", ep)
	}

	dockerCLI(t, dir, "context", "use", "one")
	ep = resolve(t, Settings{ConfigDir: dir})
	if ep.Host != "unix:///run/one.sock" || ep.Context != "one" || ep.Source != FromConfigFile {
		t.Errorf("after docker context use one: %+v", ep)
	}
	if want := filepath.Join(dir, "config.json"); !strings.Contains(ep.String(), want) || !strings.Contains(ep.String(), `"one"`) {
		t.Errorf("String() = %q, want the context and %s", ep.String(), want)
	}

	ep = resolve(t, Settings{ConfigDir: dir, Context: "two"})
	if ep.Host != "tcp://127.0.0.1:2999" || ep.Context != "two" || ep.Source != FromDockerContext {
		t.Errorf("DOCKER_CONTEXT=two over the current context: %+v", ep)
	}

	ep = resolve(t, Settings{ConfigDir: dir, Context: "two", Host: "unix:///run/three.sock"})
	if ep.Host != "unix:///run/three.sock" || ep.Context != "default" || ep.Source != FromDockerHost {
		t.Errorf("DOCKER_HOST over DOCKER_CONTEXT: %+v", ep)
	}

	ep = resolve(t, Settings{ConfigDir: dir, Context: "default"})
	if ep.Host != "unix:///var/run/docker.sock" || ep.Source != FromDockerContext {
		t.Errorf("DOCKER_CONTEXT=default: %+v", ep)
	}

	dockerCLI(t, dir, "context", "use", "default")
	if ep = resolve(t, Settings{ConfigDir: dir}); ep.Host != "unix:///var/run/docker.sock" {
		t.Errorf("after docker context use default: %+v", ep)
	}
}

func TestTheConfigFolderIsDockerConfigElseHomeDotDocker(t *testing.T) {
	home := t.TempDir()
	dir := filepath.Join(home, ".docker")
	dockerCLI(t, dir, "context", "create", "viahome", "--docker", "host=unix:///run/home.sock")
	dockerCLI(t, dir, "context", "use", "viahome")
	if ep := resolve(t, Settings{Home: home}); ep.Host != "unix:///run/home.sock" {
		t.Errorf("HOME: %+v", ep)
	}
	if ep := resolve(t, Settings{Home: home, ConfigDir: t.TempDir()}); ep.Host != "unix:///var/run/docker.sock" {
		t.Errorf("DOCKER_CONFIG must win over HOME: %+v", ep)
	}
}

func TestAnUnknownContextNamesItselfItsSourceAndTheFix(t *testing.T) {
	dir := t.TempDir()
	_, err := Resolve(Settings{ConfigDir: dir, Context: "nope"})
	var notFound *ContextNotFoundError
	if !errors.As(err, &notFound) {
		t.Fatalf("err %v (%T), want ContextNotFoundError", err, err)
	}
	for _, want := range []string{`"nope"`, "DOCKER_CONTEXT", "docker context ls", "docker context use default"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}

	os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"currentContext":"gone"}`), 0o600)
	_, err = Resolve(Settings{ConfigDir: dir})
	if !errors.As(err, &notFound) || !strings.Contains(err.Error(), filepath.Join(dir, "config.json")) {
		t.Errorf("current context gone: %v", err)
	}
}

func TestUnsupportedOrMalformedHostsAreRefusedByName(t *testing.T) {
	for _, host := range []string{"foo://bar", "http://127.0.0.1:2375", "https://127.0.0.1:2376", "fd://", "npipe:////./pipe/docker_engine",
		"tcp://127.0.0.1:notaport", "ssh://user:secret@host", "ssh://"} {
		_, err := Resolve(Settings{ConfigDir: t.TempDir(), Host: host})
		var invalid *InvalidHostError
		if !errors.As(err, &invalid) {
			t.Errorf("%s: err %v (%T), want InvalidHostError", host, err, err)
			continue
		}
		// A password is never echoed (issue 15): the host is named with it
		// replaced, as the docker CLI prints it.
		named := strings.Replace(host, ":secret@", ":xxxxx@", 1)
		for _, want := range []string{named, "unix://", "tcp://", "ssh://", "DOCKER_HOST"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q lacks %q", host, err, want)
			}
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: the password is in %q", host, err)
		}
	}
}

func TestAContextWithAnUnsupportedHostIsRefused(t *testing.T) {
	dir := t.TempDir()
	// docker context create refuses such hosts, so the store is edited after it.
	dockerCLI(t, dir, "context", "create", "odd", "--docker", "host=unix:///run/odd.sock")
	metas, _ := filepath.Glob(filepath.Join(dir, "contexts", "meta", "*", "meta.json"))
	if len(metas) != 1 {
		t.Fatalf("meta.json files: %v", metas)
	}
	data, _ := os.ReadFile(metas[0])
	os.WriteFile(metas[0], []byte(strings.Replace(string(data), "unix:///run/odd.sock", "foo://bar", 1)), 0o644)
	_, err := Resolve(Settings{ConfigDir: dir, Context: "odd"})
	var invalid *InvalidHostError
	if !errors.As(err, &invalid) || !strings.Contains(err.Error(), `context "odd"`) || !strings.Contains(err.Error(), "foo://bar") {
		t.Errorf("err %v", err)
	}
}

func TestValidHostsAreNormalisedAsTheDockerCLIDoes(t *testing.T) {
	for host, want := range map[string]string{
		"tcp://127.0.0.1":          "tcp://127.0.0.1:2375",
		"127.0.0.1:2375":           "tcp://127.0.0.1:2375",
		"unix:///tmp/d.sock":       "unix:///tmp/d.sock",
		"ssh://me@127.0.0.1:2222":  "ssh://me@127.0.0.1:2222",
		"ssh://me@host/run/d.sock": "ssh://me@host/run/d.sock",
	} {
		if ep := resolve(t, Settings{ConfigDir: t.TempDir(), Host: host}); ep.Host != want {
			t.Errorf("%s: %s, want %s", host, ep.Host, want)
		}
	}
}

func TestAMalformedConfigFileStopsOnlyWhenItWouldChooseTheContext(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"currentContext":`), 0o600)
	_, err := Resolve(Settings{ConfigDir: dir})
	var cfgErr *ConfigError
	if !errors.As(err, &cfgErr) || !strings.Contains(err.Error(), "config.json") {
		t.Errorf("err %v, want a ConfigError naming config.json", err)
	}
	if ep := resolve(t, Settings{ConfigDir: dir, Host: "unix:///run/x.sock"}); ep.Host != "unix:///run/x.sock" {
		t.Errorf("with DOCKER_HOST: %+v", ep)
	}
}
