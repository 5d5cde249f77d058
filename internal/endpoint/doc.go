// Package endpoint finds the Docker daemon the way the docker CLI does:
// DOCKER_HOST, then DOCKER_CONTEXT, then the current context in config.json,
// then the default endpoint. It reads the caller's settings, never the
// process environment, because pwsh keeps its own copy that native code
// never sees. The context store, config.json and ssh:// are handled by
// docker/cli's own packages, so a context behaves as it does for docker exec.
package endpoint
