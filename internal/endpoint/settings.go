package endpoint

// Settings are the environment variables that choose the daemon, as the
// caller sees them at call time.
type Settings struct {
	Host      string // DOCKER_HOST; wins over any context
	Context   string // DOCKER_CONTEXT
	ConfigDir string // DOCKER_CONFIG; default <home>/.docker
	Home      string // HOME (USERPROFILE on Windows), for the default config folder
	CertPath  string // DOCKER_CERT_PATH; default the config folder
	TLSVerify string // DOCKER_TLS_VERIFY; non-empty: TLS, verifying the daemon
	TLS       string // DOCKER_TLS; non-empty: TLS, without verifying the daemon
}
