// Go and CoreCLR in one process: golang/go#78883, dotnet/runtime#127320.
//
// CoreCLR suspends a thread running managed code (for a GC, say) by sending
// it the activation signal, SIGRTMIN on Linux. CoreCLR installs that handler
// WITHOUT SA_ONSTACK on purpose: the handler can go deep (it may park the
// thread for a whole GC) and needs the thread's own stack; CoreCLR's small
// per-thread alternate stack is meant for stack overflows only.
// When the Go runtime starts in a c-shared library it adds SA_ONSTACK to
// every handler already installed for a signal Go leaves alone (runtime
// initsig -> setsigstack), SIGRTMIN included. The activation handler then
// runs on the alternate stack, overflows it and the process dies.
//
// Two measures, both needed (build.ps1 stress shows each one's effect):
//
// 1. Once the library is loaded, SIGRTMIN's handler gets its flags back
//    without SA_ONSTACK. This is safe for CoreCLR because it is exactly how
//    CoreCLR installed it. Go does not handle SIGRTMIN in a c-shared library
//    and never sees it; only CoreCLR's handler is affected.
//
// 2. Go wants SA_ONSTACK because goroutine stacks are small: a .NET thread
//    that calls into Go runs on one. Were the activation signal delivered
//    there without SA_ONSTACK, CoreCLR's handler and the kernel's signal
//    frame would land on that small stack. So every entry point (abi.c)
//    blocks SIGRTMIN while the thread is in Go. The signal stays pending and
//    is delivered when the call returns, on the thread's own stack, where
//    CoreCLR sees a thread in a P/Invoke (preemptive mode, already safe for
//    a GC) and simply returns. CoreCLR does the same itself: it blocks the
//    activation signal while its SIGSEGV handler runs on the alternate stack.
//
// Platforms. Linux only, on every architecture: CoreCLR's PAL picks the
// activation signal as SIGRTMIN wherever SIGRTMIN exists and installs it with
// no extra flags (src/coreclr/pal/src/exception/signal.cpp: INJECT_ACTIVATION_
// SIGNAL, handle_signal(..., inject_activation_handler, ...)), and Go's
// setsigstack is the same code on arm64 (runtime/signal_unix.go initsig).
// arm64's signal frame is no smaller (its sigcontext alone reserves 4 KiB).
// macOS has no SIGRTMIN: CoreCLR uses SIGUSR1 there, which Go would mark the
// same way, so a macOS build must extend both measures to SIGUSR1 first.
// Windows has no signals; Go's exception handlers leave .NET's exceptions
// alone in a DLL (tests/platforms/README.md says why).
//
// PSD_RESTORE_FLAGS and PSD_BLOCK_IN_GO exist only so the stress test can
// build the library without either measure (CGO_CFLAGS=-DPSD_..._=0, as
// build.ps1 stress does; tests/Stress/README.md).
#include <pthread.h>
#include <stdatomic.h>
#include "signals.h"

#ifndef PSD_RESTORE_FLAGS
#define PSD_RESTORE_FLAGS 1
#endif
#ifndef PSD_BLOCK_IN_GO
#define PSD_BLOCK_IN_GO 1
#endif

#if defined(__linux__)

static atomic_int flags_restored;

// Clears SA_ONSTACK from an installed SIGRTMIN handler. Idempotent. Only
// a handler that was there to check counts as restored, so a host that
// installs its handler after loading the library is still covered.
static void restore_activation_flags(void) {
	struct sigaction sa;
	if (sigaction(SIGRTMIN, NULL, &sa) != 0)
		return;
	int installed = (sa.sa_flags & SA_SIGINFO) || (sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN);
	if (!installed)
		return; // nothing to restore yet: the next guarded call looks again
	if (sa.sa_flags & SA_ONSTACK) {
		sa.sa_flags &= ~SA_ONSTACK;
		sigaction(SIGRTMIN, &sa, NULL);
	}
	atomic_store(&flags_restored, 1);
}

// Runs while the library is loaded; the Go runtime's own constructor has
// already set SA_ONSTACK by then (libpreinit runs synchronously in it).
// The first guarded call repeats the check in case the order ever differs.
__attribute__((constructor)) static void psd_on_load(void) {
	if (PSD_RESTORE_FLAGS)
		restore_activation_flags();
}

void psd_block_activation(psd_sigset *saved) {
	if (PSD_RESTORE_FLAGS && !atomic_load_explicit(&flags_restored, memory_order_relaxed))
		restore_activation_flags();
	if (PSD_BLOCK_IN_GO) {
		sigset_t block;
		sigemptyset(&block);
		sigaddset(&block, SIGRTMIN);
		pthread_sigmask(SIG_BLOCK, &block, saved);
	}
}

void psd_restore_mask(const psd_sigset *saved) {
	if (PSD_BLOCK_IN_GO)
		pthread_sigmask(SIG_SETMASK, saved, NULL);
}

#else // other systems have no SIGRTMIN hazard to guard against

void psd_block_activation(psd_sigset *saved) { (void)saved; }
void psd_restore_mask(const psd_sigset *saved) { (void)saved; }

#endif
