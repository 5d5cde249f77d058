package endpoint

import (
	"os/user"
	"path/filepath"
	"runtime"
)

// configDir is the docker CLI's config folder: DOCKER_CONFIG, else .docker
// in the home folder. docker/cli's config.Dir reads the process environment
// once per process, so the same rule is applied here to the caller's
// settings instead.
func configDir(s Settings) string {
	if s.ConfigDir != "" {
		return s.ConfigDir
	}
	home := s.Home
	if home == "" && runtime.GOOS != "windows" {
		// As docker/cli does when HOME is unset: ask the user database.
		if u, err := user.Current(); err == nil {
			home = u.HomeDir
		}
	}
	return filepath.Join(home, ".docker")
}
