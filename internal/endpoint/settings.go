package endpoint

// Settings are the environment variables that choose the daemon, as the
// caller sees them at call time, declared once, here in Go: the JSON name
// of each field is its variable's name, and cmd/contractgen generates the
// C# class that reads them from .NET's environment at every call (on Unix,
// pwsh keeps its own copy of the environment that native code never sees).
//
//contract:json environment
type Settings struct {
	Host       string `json:"DOCKER_HOST,omitempty"`        // wins over any context
	APIVersion string `json:"DOCKER_API_VERSION,omitempty"` // empty: negotiate
	CertPath   string `json:"DOCKER_CERT_PATH,omitempty"`   // ca.pem, cert.pem, key.pem; default the config folder
	TLSVerify  string `json:"DOCKER_TLS_VERIFY,omitempty"`  // non-empty: TLS, verifying the daemon
	TLS        string `json:"DOCKER_TLS,omitempty"`         // non-empty: TLS, without verifying the daemon
	Context    string `json:"DOCKER_CONTEXT,omitempty"`
	ConfigDir  string `json:"DOCKER_CONFIG,omitempty"` // default <home>/.docker
	// The home folder, where ~/.docker is: HOME, or USERPROFILE on Windows,
	// where Go's os.UserHomeDir, and so docker/cli, looks on each system.
	Home string `json:"HOME,omitempty" windows:"USERPROFILE"`
}
