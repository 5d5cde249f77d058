using System.Text.Json;
using PSDocker.Native;

namespace PSDocker.Stress;

// One thread calling into Go in a tight loop. Every call is a window in
// which SIGRTMIN can arrive while the thread runs Go code on a goroutine
// stack; the garbage in between keeps CoreCLR's GC suspending it too.
internal sealed unsafe class Worker
{
    private const ulong UnknownHandle = 0xFFFFFFFF;

    // Rejected before any goroutine starts: cheap calls, many transitions.
    private static readonly byte[] BadRequest = JsonSerializer.SerializeToUtf8Bytes(
        new CommandRequest { Container = "", Argv = ["true"] }, ContractJson.Default.CommandRequest);
    // Accepted, then fails dialing: goroutines, timers and allocations in Go.
    private static readonly byte[] UnreachableRequest = JsonSerializer.SerializeToUtf8Bytes(
        new CommandRequest { Container = "x", Argv = ["true"], Settings = new() { Host = "unix:///nonexistent.sock" } },
        ContractJson.Default.CommandRequest);

    private readonly Library _lib;
    private readonly int _commandEvery;
    private readonly object?[] _survivors = new object?[256]; // promoted, then dropped
    private readonly Random _random;

    public int Tid;
    public long AltStackBefore = -1, AltStackAfter = -1;
    public long Calls, Commands, Mismatches;
    public string? FirstMismatch;

    public Worker(Library lib, int index, int commandEvery)
    {
        _lib = lib;
        _commandEvery = commandEvery;
        _random = new Random(index);
    }

    public void Run(CountdownEvent ready, Func<bool> stopping)
    {
        Tid = Libc.GetTid();
        AltStackBefore = Libc.AltStackSize();
        CheapCalls();
        AltStackAfter = Libc.AltStackSize(); // Go keeps the alt stack it finds
        ready.Signal();
        for (long i = 1; !stopping(); i++)
        {
            CheapCalls();
            Garbage();
            if (i % _commandEvery == 0)
                UnreachableCommand();
        }
    }

    private void CheapCalls()
    {
        ulong h = 0;
        byte* err = null;
        fixed (byte* req = BadRequest)
            Expect(_lib.Invoke(req, BadRequest.Length, &h, &err) == 1 && err != null && h == 0, "bad request accepted");
        if (err != null)
            _lib.Free(err);
        byte* buf = stackalloc byte[64];
        int stream, count;
        Expect(_lib.Read(UnknownHandle, buf, 64, 0, &stream, &count) == (int)Status.InvalidHandle, "Read(unknown) != InvalidHandle");
        Expect(_lib.Report(UnknownHandle) == null, "Report(unknown) != NULL");
        Expect(_lib.Stop(UnknownHandle) == 0, "Stop(unknown) != 0");
        Expect(_lib.Close(UnknownHandle) == 0, "Close(unknown) != 0");
        Calls += 5; // Free is plain C and not counted
    }

    private void UnreachableCommand()
    {
        ulong h = 0;
        byte* err = null;
        int rc;
        fixed (byte* req = UnreachableRequest)
            rc = _lib.Invoke(req, UnreachableRequest.Length, &h, &err);
        Calls++;
        if (rc != 0)
        {
            Expect(false, "unreachable request rejected");
            if (err != null)
                _lib.Free(err);
            return;
        }
        byte* buf = stackalloc byte[256];
        var status = Status.Pending;
        int stream, count;
        // Dialing a missing socket fails at once; the bound only stops a hang.
        for (int reads = 0; reads < 100 && status != Status.Failed; reads++)
        {
            status = (Status)_lib.Read(h, buf, 256, 100, &stream, &count);
            Calls++;
            if (status.IsOutcome() || status == Status.InvalidHandle)
                break;
        }
        Expect(status == Status.Failed, $"command ended with status {status}, want Failed");
        byte* report = _lib.Report(h);
        Expect(report != null, "Report(live handle) == NULL");
        if (report != null)
            _lib.Free(report);
        Expect(_lib.Close(h) == 1, "Close(live handle) != 1");
        Calls += 2;
        Commands++;
    }

    // Short-lived arrays and strings, and now and then a survivor so gen1
    // and gen2 collections have live objects to mark and move.
    private void Garbage()
    {
        var bytes = new byte[_random.Next(64, 8192)];
        var parts = new string[8];
        for (int i = 0; i < parts.Length; i++)
            parts[i] = i.ToString() + bytes.Length;
        if (_random.Next(16) == 0)
            _survivors[_random.Next(_survivors.Length)] = _random.Next(2) == 0 ? bytes : parts;
    }

    private void Expect(bool ok, string what)
    {
        if (ok)
            return;
        Mismatches++;
        FirstMismatch ??= what;
    }
}
