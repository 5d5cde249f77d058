#ifndef PSD_SIGNALS_H
#define PSD_SIGNALS_H

#if defined(_WIN32) // no signal masks, and a DLL exports only what is marked
typedef int psd_sigset;
#define PSD_HIDDEN
#else
#include <signal.h>
typedef sigset_t psd_sigset;
#define PSD_HIDDEN __attribute__((visibility("hidden")))
#endif

// Blocks CoreCLR's activation signal on this thread; saves the old mask.
PSD_HIDDEN void psd_block_activation(psd_sigset *saved);
// Restores the mask psd_block_activation saved.
PSD_HIDDEN void psd_restore_mask(const psd_sigset *saved);
#endif
