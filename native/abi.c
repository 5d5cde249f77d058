// The exported C entry points. Each one keeps CoreCLR's activation signal
// blocked while the thread runs Go code; signals.c says why.
#include <stdlib.h>
#include "psdocker.h"
#include "signals.h"
#include "_cgo_export.h"

// A Windows DLL exports only functions marked so (cgo marks its //export
// functions, which then turns off exporting everything); ELF exports all.
#if defined(_WIN32)
#define PSD_EXPORT __declspec(dllexport)
#else
#define PSD_EXPORT
#endif

#define GUARDED(type, call)                        \
	do {                                           \
		psd_sigset saved;                          \
		psd_block_activation(&saved);              \
		type result = call;                        \
		psd_restore_mask(&saved);                  \
		return result;                             \
	} while (0)

PSD_EXPORT int32_t InvokeCommand(const char *request, int32_t requestLength, uint64_t *handle, char **errorJson) {
	GUARDED(int32_t, goInvokeCommand((char *)request, requestLength, handle, errorJson));
}

PSD_EXPORT int32_t ReadCommandOutput(uint64_t handle, uint8_t *buffer, int32_t bufferLength, int32_t waitMs, int32_t *stream, int32_t *count) {
	GUARDED(int32_t, goReadCommandOutput(handle, buffer, bufferLength, waitMs, stream, count));
}

PSD_EXPORT int32_t WriteCommandInput(uint64_t handle, const uint8_t *data, int32_t length, int32_t *accepted) {
	GUARDED(int32_t, goWriteCommandInput(handle, (uint8_t *)data, length, accepted));
}

PSD_EXPORT int32_t CloseCommandInput(uint64_t handle) { GUARDED(int32_t, goCloseCommandInput(handle)); }

PSD_EXPORT int32_t StopCommand(uint64_t handle) { GUARDED(int32_t, goStopCommand(handle)); }

PSD_EXPORT char *GetCommandReport(uint64_t handle) { GUARDED(char *, goGetCommandReport(handle)); }

PSD_EXPORT int32_t CloseCommand(uint64_t handle) { GUARDED(int32_t, goCloseCommand(handle)); }

PSD_EXPORT int32_t ListContainers(const char *request, int32_t requestLength, char **resultJson) {
	GUARDED(int32_t, goListContainers((char *)request, requestLength, resultJson));
}

PSD_EXPORT char *GetLibraryStats(void) { GUARDED(char *, goGetLibraryStats()); }

// The library's strings come from malloc (C.CBytes); freeing needs no Go.
PSD_EXPORT void FreeCommandString(char *s) { free(s); }
