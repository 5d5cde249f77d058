// Loads a libpsdocker build by path, as the cmdlet does, and runs commands
// through its C ABI (native/psdocker.h) against a real daemon. Built for each
// platform and run under qemu-user or wine by tests/platforms/run.sh.
//
// usage: smoke LIBRARY CONTAINER [DOCKER_HOST]
// Prints what it checked; exit 0 when every check passed.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../native/psdocker.h" // the status and stream values; the functions are looked up by name

#if defined(_WIN32)
#include <windows.h>
typedef HMODULE library;
static library open_library(const char *path) { return LoadLibraryA(path); }
static void *symbol(library l, const char *name) { return (void *)GetProcAddress(l, name); }
#else
#include <dlfcn.h>
typedef void *library;
static library open_library(const char *path) { return dlopen(path, RTLD_NOW | RTLD_LOCAL); }
static void *symbol(library l, const char *name) { return dlsym(l, name); }
#endif

typedef int32_t (*invoke_fn)(const char *, int32_t, uint64_t *, char **);
typedef int32_t (*read_fn)(uint64_t, uint8_t *, int32_t, int32_t, int32_t *, int32_t *);
typedef int32_t (*handle_fn)(uint64_t);
typedef char *(*report_fn)(uint64_t);
typedef void (*free_fn)(char *);

static invoke_fn Invoke;
static read_fn Read;
static handle_fn Stop, Close;
static report_fn Report;
static free_fn Free;
static int failures;

static void check(int ok, const char *what, const char *detail) {
	int len = detail ? (int)strcspn(detail, "\n") : 0; // the first line is enough
	printf("%s %s%s%.*s\n", ok ? "ok  " : "FAIL", what, detail ? ": " : "", len, detail ? detail : "");
	if (!ok)
		failures++;
}

struct outcome {
	int status; // the final ReadCommandOutput status
	char out[4096], err[4096];
	char *report;
};

static void append(char *to, const uint8_t *data, int32_t n) {
	size_t len = strlen(to);
	if (len + (size_t)n < 4095) {
		memcpy(to + len, data, (size_t)n);
		to[len + (size_t)n] = 0;
	}
}

// Runs one request to its end; returns 0, or 1 when InvokeCommand refused it
// (its error JSON then in o->report).
static int run(const char *request, struct outcome *o) {
	memset(o, 0, sizeof *o);
	uint64_t h = 0;
	char *error = NULL;
	if (Invoke(request, (int32_t)strlen(request), &h, &error) != 0) {
		o->report = error;
		return 1;
	}
	uint8_t buf[1024];
	for (int i = 0; i < 600; i++) { // 60 s at most
		int32_t stream = 0, n = 0;
		int32_t st = Read(h, buf, sizeof buf, 100, &stream, &n);
		if (st == PSD_DATA)
			append(stream == PSD_STDOUT ? o->out : o->err, buf, n);
		else if (st != PSD_PENDING && st != PSD_STARTED) {
			o->status = st;
			break;
		}
	}
	o->report = Report(h);
	Close(h);
	return 0;
}

int main(int argc, char **argv) {
	if (argc < 3) {
		fprintf(stderr, "usage: smoke LIBRARY CONTAINER [DOCKER_HOST]\n");
		return 2;
	}
	const char *host = argc > 3 ? argv[3] : "";
#if defined(__aarch64__)
	printf("smoke: arm64 build\n");
#elif defined(__x86_64__)
	printf("smoke: x64 build\n");
#endif
	library lib = open_library(argv[1]);
	check(lib != NULL, "loads the library", argv[1]);
	if (!lib)
		return 1;
	Invoke = (invoke_fn)symbol(lib, "InvokeCommand");
	Read = (read_fn)symbol(lib, "ReadCommandOutput");
	Stop = (handle_fn)symbol(lib, "StopCommand");
	Report = (report_fn)symbol(lib, "GetCommandReport");
	Close = (handle_fn)symbol(lib, "CloseCommand");
	Free = (free_fn)symbol(lib, "FreeCommandString");
	check(Invoke && Read && Stop && Report && Close && Free, "exports the six command functions it calls", NULL);
	if (!(Invoke && Read && Stop && Report && Close && Free))
		return 1;

	char request[1024];
	struct outcome o;
	snprintf(request, sizeof request,
		"{\"container\":\"%s\",\"argv\":[\"sh\",\"-c\",\"uname -m; echo to-stderr >&2; exit 3\"],\"timeoutMs\":60000,\"env\":{\"DOCKER_HOST\":\"%s\"}}",
		argv[2], host);
	int refused = run(request, &o);
	check(!refused, "InvokeCommand accepts a command", refused ? o.report : NULL);
	check(o.status == PSD_ENDED, "the command ends (PSD_ENDED)", NULL);
	check(strlen(o.out) > 0 && o.out[strlen(o.out) - 1] == '\n', "stdout arrives (the container's uname -m)", o.out);
	check(strcmp(o.err, "to-stderr\n") == 0, "stderr arrives apart", o.err);
	check(o.report && strstr(o.report, "\"exitCode\":3"), "GetCommandReport reports exit code 3", o.report);
	if (o.report)
		Free(o.report);

	snprintf(request, sizeof request,
		"{\"container\":\"psd-no-such-container-smoke\",\"argv\":[\"true\"],\"timeoutMs\":10000,\"env\":{\"DOCKER_HOST\":\"%s\"}}", host);
	refused = run(request, &o);
	check(refused || (o.status == PSD_FAILED && o.report && strstr(o.report, "ContainerNotFound")),
		"a missing container fails as ContainerNotFound", o.report);
	if (o.report)
		Free(o.report);

	check(Stop(12345) == 0 && Report(12345) == NULL, "unknown handles are refused", NULL);
	printf("%s\n", failures ? "smoke: FAILED" : "smoke: passed");
	return failures ? 1 : 0;
}
