// Package messages holds every sentence the Go side writes for a user to
// read: error messages, stop details, endpoint descriptions. They name
// Docker things only; advice in PowerShell's words is the cmdlet's
// (shim/Messages.cs). Format verbs are filled by the code that uses
// each one, in the order the comment names.
package messages

// A request the library refuses.
const (
	EmptyContainer   = "the container name is empty"
	EmptyCommand     = "the command is empty"
	NegativeTimeout  = "negative timeout %v" // timeout
	NULCharacter     = "NUL character in the request"
	ReservedVariable = "%s is reserved: PSDocker marks every process of a command with it, to find them on a stop" // PSDOCKER_EXEC_ID
	MalformedRequest = "malformed request"
)

// Where the endpoint came from (Choice.Origin) and what to do about it (Choice.Fix).
const (
	ShownDockerHost    = "%s (DOCKER_HOST)"                      // host
	ShownDockerContext = "%s (context %q, from DOCKER_CONTEXT)"  // host, context
	ShownConfigFile    = "%s (context %q, current in %s)"        // host, context, config.json
	ShownDefault       = "%s (default context)"                  // host
	ShownCall          = "%s (context %q, chosen for this call)" // host, context

	OriginHostOverridesContext = "The address comes from DOCKER_HOST, which overrides DOCKER_CONTEXT=%s." // DOCKER_CONTEXT
	OriginHost                 = "The address comes from DOCKER_HOST, which overrides any context."
	OriginDockerContext        = "The address comes from context %q, chosen by DOCKER_CONTEXT."                                            // context
	OriginConfigFile           = "The address comes from context %q, the current context in %s (set by docker context use)."               // context, config.json
	OriginDefault              = "The address is the default: DOCKER_HOST and DOCKER_CONTEXT are not set and %s names no current context." // config.json
	OriginCall                 = "The address comes from context %q, chosen for this call."                                                // context

	FixHost    = "Start that daemon, or correct or unset DOCKER_HOST: without it the current context applies (docker context ls lists them)."
	FixContext = "Start that daemon, or choose another endpoint: docker context ls lists them, docker context use default selects the default."

	ContextNotFound  = "Docker context %q does not exist in %s. %s Run docker context ls to list the contexts, or docker context use default to use the default endpoint." // context, store, origin
	InvalidHost      = "%q is not a Docker endpoint PSDocker can use: %s. %s Supported are %s."                                                                            // host, reason, origin, schemes
	SupportedSchemes = "unix:///path/to/socket, tcp://host:port, ssh://[user@]host[:port] and, on Windows, npipe:////./pipe/name"
	CannotUse        = "cannot use %s: %v" // what, cause

	DockerContext        = "Docker context %q"                                      // context
	TLSMaterialOf        = "the TLS material of %s"                                 // endpoint
	TLSMaterialOfContext = "the TLS material of Docker context %q"                  // context
	TLSMaterialIn        = "the TLS material in %s"                                 // folder, named as below
	CertPathFromVariable = "%s (DOCKER_CERT_PATH)"                                  // folder
	CertPathConfigFolder = "%s (the config folder, as DOCKER_CERT_PATH is not set)" // folder

	NoScheme          = "it has no scheme"
	NamedPipesWindows = "named pipes exist only on Windows"
	SchemeUnsupported = "the scheme %s:// is not supported" // scheme
	AddressEmpty      = "the address after %s:// is empty"  // scheme
)

// The daemon refused or could not be reached.
const (
	PermissionDenied   = "permission denied on the Docker daemon socket at %s; run as a user in the docker group or choose a daemon you can reach. %s"                                                                    // host, origin
	TLSFailed          = "The TLS handshake with the Docker daemon at %s failed: %s. %s Check that the CA certificate is the one that signed the daemon's certificate, and the client certificate one the daemon trusts." // host, cause, origin
	Unreachable        = "Cannot connect to the Docker daemon at %s: %s. %s %s"                                                                                                                                           // host, cause, origin, fix
	UnreachableSSH     = "ssh failed: %s"                                                                                                                                                                                 // ssh's stderr
	UnreachableSSHMute = "ssh exited without a message"
	// The library's ssh master for an ssh:// URL ended or did not log in; "stderr=" marks ssh's own words, as docker/cli's helper marks them.
	SSHMasterFailed     = "ssh connection to %s failed: stderr=%s"
	UnreachableNoOne    = "no daemon answered there"
	NoSuchContainer     = "no such container: %s"                                                                                                                      // container
	AmbiguousID         = "%q is the start of the ID of more than one container; give more of the ID, or the name"                                                     // container
	ConnectionBroke     = "the connection to the Docker daemon at %s broke while the command ran; the output before the break was delivered, its exit code is unknown" // endpoint
	ContainerPaused     = "container %s is paused; unpause it (docker unpause %s) and try again"                                                                       // container, container
	ContainerRestarting = "container %s is restarting; wait until it is running and try again"                                                                         // container
	ContainerNotRunning = "container %s is not running (status %s); start it (docker start %s) and try again"                                                          // container, status, container
)

// The command could not start in the container.
const (
	CannotRun         = "cannot run %q in container %s (exit code %d): %s%s"                                                                               // executable, container, exit code, runtime's text, cause
	ProcessLimitCause = "; the runtime could not start a process in container %s, which a container at its process limit (docker run --pids-limit) causes" // container
)

// How a stop went (StopReport's Detail).
const (
	StopNotConfirmed    = "the stop was not confirmed within %v; PSDocker goes on ending it while this process runs" // bound
	StopContainerGone   = "its container is gone"
	StopDaemonSilent    = "the daemon did not answer: %v"                                                                                                                                                                                                     // cause
	StopExecUnknown     = "the stop helper ended %d of its processes, but the daemon could not say whether exec %s ended: %v"                                                                                                                                 // ended, exec, cause
	StopSurvivedKill    = "%d of its processes were still running after SIGKILL"                                                                                                                                                                              // left
	StopFirstNotFound   = "exec %s still runs: the stop helper ended %d of its processes, but did not find its first process among the container's processes"                                                                                                 // exec, ended
	StopUnreadable      = "%d of its processes were ended, but %d processes that started since could not be searched for its marker: their environment is unreadable (another user's, or a program's that changed its user; reading it needs CAP_SYS_PTRACE)" // ended, unchecked
	HelperNoShell       = "the stop helper, which needs /bin/sh in the container, could not start: %s"                                                                                                                                                        // the daemon's text
	HelperNotStarted    = "the stop helper could not be started: %w"                                                                                                                                                                                          // cause
	HelperPaused        = "the container is paused: its processes are frozen, and the stop helper cannot run until it is unpaused"
	HelperEndedEarly    = "the stop helper ended before it was ready: %v" // cause
	HelperMissingTarget = "the stop helper did not report target %d"      // index
	HelperUnexpected    = "unexpected line from the stop helper: %q"      // line
	HelperEnded         = "the stop helper ended: %v"                     // cause
	HelperBrokeOff      = "the stop helper broke off: %w"                 // cause
	ContainerGone       = "the container is gone"
	ContainerGoneStatus = "%w (status %s)" // errContainerGone, status
)
