using System.Runtime.InteropServices;

namespace PSDocker.Stress;

// The few libc calls the test needs (glibc >= 2.30 for gettid and tgkill).
internal static unsafe class Libc
{
    // "libc" is mapped to libc.so.6 by the runtime's library probing.
    [DllImport("libc", EntryPoint = "gettid")]
    public static extern int GetTid();

    [DllImport("libc", EntryPoint = "getpid")]
    public static extern int GetPid();

    [DllImport("libc", EntryPoint = "tgkill", SetLastError = true)]
    public static extern int TgKill(int tgid, int tid, int sig);

    // SIGRTMIN is a function in glibc (it reserves the first RT signals).
    [DllImport("libc", EntryPoint = "__libc_current_sigrtmin")]
    public static extern int CurrentSigRtMin();

    [DllImport("libc", EntryPoint = "sigaction")]
    private static extern int SigAction(int sig, void* act, void* oldact);

    [DllImport("libc", EntryPoint = "sigaltstack")]
    private static extern int SigAltStack(void* ss, void* oldss);

    private const int SaOnStack = 0x08000000;

    // Whether sig's installed handler has SA_ONSTACK: the flag the Go runtime
    // adds and measure 1 of native/signals.c removes. x86-64 glibc layout:
    // handler (8), sa_mask (128), sa_flags (int) at 136, restorer; 152 bytes.
    public static bool HasOnStack(int sig)
    {
        byte* sa = stackalloc byte[256];
        if (SigAction(sig, null, sa) != 0)
            throw new InvalidOperationException($"sigaction({sig}) failed");
        return (*(int*)(sa + 136) & SaOnStack) != 0;
    }

    // Size of this thread's alternate signal stack, 0 if none (stack_t:
    // ss_sp, ss_flags, ss_size at 16). It is what an SA_ONSTACK handler gets.
    public static long AltStackSize()
    {
        byte* ss = stackalloc byte[32];
        if (SigAltStack(null, ss) != 0)
            return -1;
        const int SsDisable = 2;
        return (*(int*)(ss + 8) & SsDisable) != 0 ? 0 : *(long*)(ss + 16);
    }
}
