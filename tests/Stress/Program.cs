using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace PSDocker.Stress;

// Provokes the crash native/signals.c guards against (golang/go#78883,
// dotnet/runtime#127320): workers call into libpsdocker in tight loops, one
// thread sends them SIGRTMIN (CoreCLR's activation signal) every few
// microseconds, another forces GCs so CoreCLR sends it too. Nothing here
// catches a crash: it shows as the process dying by a signal.
internal static class Program
{
    private static volatile bool s_stop;
    // Workers stop only after the signaller has: tgkill to a thread that has
    // already exited fails with ESRCH.
    private static volatile bool s_stopWorkers;
    private static int s_tgkillErrno; // the last tgkill failure other than a full queue, for the summary

    private static int Main(string[] args)
    {
        if (!Options.TryParse(args, out var o, out var error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine("usage: PSDocker.Stress --library PATH [--seconds 30] [--workers 16] [--interval-us 10] [--command-every 64] [--gc-sleep-ms 1]");
            return 2;
        }

        int sig = Libc.CurrentSigRtMin();
        bool onStackBefore = Libc.HasOnStack(sig);
        var lib = Library.Load(o.Library);
        bool onStackAfter = Libc.HasOnStack(sig);

        var workers = new Worker[o.Workers];
        var threads = new Thread[o.Workers];
        using var ready = new CountdownEvent(o.Workers);
        for (int i = 0; i < o.Workers; i++)
        {
            var w = workers[i] = new Worker(lib, i, o.CommandEvery);
            threads[i] = new Thread(() => w.Run(ready, () => s_stopWorkers)) { Name = $"worker-{i}" };
            threads[i].Start();
        }
        ready.Wait();
        // Measure 1 may also run on the first guarded call: report after it.
        bool onStackRunning = Libc.HasOnStack(sig);
        Console.WriteLine(
            $"start library={o.Library} workers={o.Workers} interval-us={o.IntervalUs} sigrtmin={sig} " +
            $"SA_ONSTACK before-load={onStackBefore} after-load={onStackAfter} running={onStackRunning} " +
            $"worker-altstack={workers[0].AltStackBefore}/{workers[0].AltStackAfter} " +
            $"gc=server:{GCSettings.IsServerGC},latency:{GCSettings.LatencyMode}");
        Console.Out.Flush();

        long signals = 0, queueFull = 0, signalErrors = 0, gcsForced = 0;
        var signaller = new Thread(() => (signals, queueFull, signalErrors) = SendSignals(workers, sig, o.IntervalUs)) { Name = "signaller" };
        var collector = new Thread(() => gcsForced = ForceGcs(o.GcSleepMs)) { Name = "collector" };
        var clock = Stopwatch.StartNew();
        if (o.IntervalUs > 0)
            signaller.Start();
        collector.Start();

        Thread.Sleep(TimeSpan.FromSeconds(o.Seconds));
        s_stop = true;
        // The signaller stops first so no signal targets an exited thread id.
        if (o.IntervalUs > 0)
            signaller.Join();
        collector.Join();
        s_stopWorkers = true;
        foreach (var t in threads)
            t.Join();
        double seconds = clock.Elapsed.TotalSeconds;

        long calls = workers.Sum(w => w.Calls), commands = workers.Sum(w => w.Commands);
        long mismatches = workers.Sum(w => w.Mismatches);
        Console.WriteLine(
            $"summary seconds={seconds:F1} calls={calls} commands={commands} signals={signals} " +
            $"signals/s={signals / seconds:F0} queue-full={queueFull} tgkill-errors={signalErrors} tgkill-errno={s_tgkillErrno} gcs-forced={gcsForced} " +
            $"gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)} " +
            $"mismatches={mismatches}" + (mismatches > 0 ? $" first-mismatch=\"{workers.First(w => w.FirstMismatch != null).FirstMismatch}\"" : ""));
        return mismatches == 0 && signalErrors == 0 ? 0 : 1;
    }

    // tgkill to each worker, then wait out the interval. The wait yields
    // instead of sleeping: a sleep lasts at least the 50 µs timer slack, and
    // on a 2-core machine a spin without yielding would starve the workers.
    // Real-time signals queue rather than merge, so when workers fall behind
    // the per-user queue fills and tgkill fails with EAGAIN; that is counted
    // as queue-full, any other failure as an error.
    private static (long, long, long) SendSignals(Worker[] workers, int sig, int intervalUs)
    {
        const int EAgain = 11;
        int pid = Libc.GetPid();
        long sent = 0, full = 0, errors = 0;
        long interval = Math.Max(1, intervalUs * Stopwatch.Frequency / 1_000_000);
        long next = Stopwatch.GetTimestamp();
        while (!s_stop)
        {
            foreach (var w in workers)
            {
                if (Libc.TgKill(pid, w.Tid, sig) == 0)
                    sent++;
                else if (Marshal.GetLastPInvokeError() == EAgain)
                    full++;
                else
                {
                    errors++;
                    s_tgkillErrno = Marshal.GetLastPInvokeError();
                }
            }
            next += interval;
            while (Stopwatch.GetTimestamp() < next && !s_stop)
                Thread.Yield();
            // After being descheduled for long, resume the pace, not a burst.
            next = Math.Max(next, Stopwatch.GetTimestamp() - interval);
        }
        return (sent, full, errors);
    }

    // Blocking gen0 and gen2 collections and now and then a background gen2
    // (concurrent GC suspends threads too): each one suspends the workers
    // with CoreCLR's own SIGRTMIN. Returns how many were forced.
    private static long ForceGcs(int sleepMs)
    {
        long n = 0;
        for (long i = 1; !s_stop; i++)
        {
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            n++;
            if (i % 8 == 0)
            {
                bool background = i % 32 == 0;
                GC.Collect(2, GCCollectionMode.Forced, blocking: !background, compacting: !background && i % 24 == 0);
                n++;
            }
            Thread.Sleep(sleepMs);
        }
        return n;
    }
}
