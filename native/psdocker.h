/* The C ABI of libpsdocker. Strings are UTF-8. Every char* the library
 * returns is freed with FreeCommandString and nothing else. */
#ifndef PSDOCKER_H
#define PSDOCKER_H
#include <stdint.h>

/* Starts a command. request is JSON: {"container","argv":[...],"timeoutMs",
 * "env":{"DOCKER_HOST":...}}. Returns 0 and a handle, or 1 and an error as
 * JSON {"kind","message"} in *errorJson. */
int32_t InvokeCommand(const char *request, int32_t requestLength, uint64_t *handle, char **errorJson);

/* Copies the next output into buffer, waiting at most waitMs. Returns a
 * status: 0 data (*stream 1 stdout or 2 stderr, *count bytes), 1 nothing yet,
 * 2 started, 3 ended, 4 failed, 5 timed out, 6 canceled, -1 bad handle. */
int32_t ReadCommandOutput(uint64_t handle, uint8_t *buffer, int32_t bufferLength, int32_t waitMs, int32_t *stream, int32_t *count);

/* Stops waiting for the command; safe from any thread. Returns 0 for a bad handle. */
int32_t CancelCommand(uint64_t handle);

/* JSON {"container","endpoint","execId","exitCode","error"}; NULL for a bad handle. */
char *GetCommandInfo(uint64_t handle);

/* Cancels and forgets the handle. Returns 0 for a bad handle. */
int32_t CloseCommand(uint64_t handle);

void FreeCommandString(char *s);
#endif
