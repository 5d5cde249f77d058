#ifndef PSD_SIGNALS_H
#define PSD_SIGNALS_H
#include <signal.h>

typedef sigset_t psd_sigset;

// Blocks CoreCLR's activation signal on this thread; saves the old mask.
__attribute__((visibility("hidden"))) void psd_block_activation(psd_sigset *saved);
// Restores the mask psd_block_activation saved.
__attribute__((visibility("hidden"))) void psd_restore_mask(const psd_sigset *saved);
#endif
