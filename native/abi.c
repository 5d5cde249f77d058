// The exported C entry points. Each one keeps CoreCLR's activation signal
// blocked while the thread runs Go code; signals.c says why.
#include <stdlib.h>
#include "psdocker.h"
#include "signals.h"
#include "_cgo_export.h"

#define GUARDED(type, call)                        \
	do {                                           \
		psd_sigset saved;                          \
		psd_block_activation(&saved);              \
		type result = call;                        \
		psd_restore_mask(&saved);                  \
		return result;                             \
	} while (0)

int32_t InvokeCommand(const char *request, int32_t requestLength, uint64_t *handle, char **errorJson) {
	GUARDED(int32_t, psdInvoke((char *)request, requestLength, handle, errorJson));
}

int32_t ReadCommandOutput(uint64_t handle, uint8_t *buffer, int32_t bufferLength, int32_t waitMs, int32_t *stream, int32_t *count) {
	GUARDED(int32_t, psdRead(handle, buffer, bufferLength, waitMs, stream, count));
}

int32_t ListContainers(const char *request, int32_t requestLength, char **resultJson) {
	GUARDED(int32_t, psdList((char *)request, requestLength, resultJson));
}

int32_t CancelCommand(uint64_t handle) { GUARDED(int32_t, psdCancel(handle)); }

char *GetCommandInfo(uint64_t handle) { GUARDED(char *, psdInfo(handle)); }

int32_t CloseCommand(uint64_t handle) { GUARDED(int32_t, psdClose(handle)); }

char *GetLibraryStats(void) { GUARDED(char *, psdStats()); }

// The library's strings come from malloc (C.CBytes); freeing needs no Go.
void FreeCommandString(char *s) { free(s); }
