using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using PSDocker;
using PSDocker.Native;

// usage: PSDocker.WindowsProbe CONTAINER   (DOCKER_HOST set; the library beside
// PSDocker.dll at the place native/platforms.json gives). Exit 0 when all passed.
int failures = 0;
void Check(bool ok, string what)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
    if (!ok)
    {
        failures++;
    }
}

// Throws and catches .NET exceptions (RaiseException with 0xE0434352, which
// passes every vectored handler in the process, Go's first). Under wine 8.0
// CoreCLR copes only with a plain throw: a throw through a finally or a
// filter, and faults in managed code (NullReference, DivideByZero), hang it
// even without libpsdocker loaded. PSD_PROBE_FULL=1 adds them, for real Windows.
bool ExceptionsStayManaged()
{
    int caught = 0, expected = 1;
    try { throw new InvalidOperationException("managed"); } catch (InvalidOperationException) { caught++; }
    if (Environment.GetEnvironmentVariable("PSD_PROBE_FULL") == "1")
    {
        expected += 4; // the finally, the filtered catch, the two faults
        try
        {
            try { Nested(3); } finally { caught++; }
        }
        catch (ArgumentException e) when (e.ParamName == "depth") { caught++; }
        try { _ = Null()!.Length; } catch (NullReferenceException) { caught++; }
        try { _ = 1 / Zero(); } catch (DivideByZeroException) { caught++; }
    }
    return caught == expected;
}

Console.WriteLine($"probe: {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, platform entry {NativeLibraryResolver.Current?.Rid ?? "(none)"}");
Check(File.Exists(NativeLibraryResolver.ExpectedPath), $"the resolver's path exists: {NativeLibraryResolver.ExpectedPath}");
Check(ExceptionsStayManaged(), ".NET exceptions before the library loads");

string container = args[0];
Console.WriteLine("  loading the library: " + NativeLibrary.Load(NativeLibraryResolver.ExpectedPath));
var lines = new List<string>();
using (ContainerCommand command = ContainerCommand.Start(Request(container, ["sh", "-c", "echo out; echo err >&2; exit 3"]), false))
{
    for (int i = 0; i < 600 && command.Outcome is null; i++)
    {
        CommandEvent e = command.Read(TimeSpan.FromMilliseconds(100));
        if (e.Status == Status.Data)
        {
            lines.Add($"{e.Stream}:{e.Text}");
        }
    }
    Check(command.Outcome == Status.Ended && command.Report?.ExitCode == 3, $"a command runs through the P/Invoke layer: {command.Outcome}, exit {command.Report?.ExitCode}");
    Check(string.Join(",", lines) == "Stdout:out,Stderr:err", $"its lines arrive: {string.Join(",", lines)}");
}

Check(ExceptionsStayManaged(), ".NET exceptions on a thread that has run Go code");
bool onOtherThread = false;
var thread = new Thread(() => onOtherThread = ExceptionsStayManaged());
thread.Start();
thread.Join();
Check(onOtherThread, ".NET exceptions on a thread Go never ran on");

// While another thread waits inside Go (a read with a long wait).
using (ContainerCommand waiting = ContainerCommand.Start(Request(container, ["sleep", "5"]), false))
{
    var reader = new Thread(() => waiting.Read(TimeSpan.FromSeconds(3)));
    reader.Start();
    Thread.Sleep(200);
    Check(ExceptionsStayManaged(), ".NET exceptions while another thread is inside Go");
    waiting.Stop();
    reader.Join();
}

GC.Collect();
Console.WriteLine(failures == 0 ? "probe: passed" : $"probe: {failures} failed");
return failures == 0 ? 0 : 1;

[MethodImpl(MethodImplOptions.NoInlining)]
static void Nested(int depth)
{
    if (depth == 0)
    {
        throw new ArgumentException("deep", nameof(depth));
    }
    Nested(depth - 1);
}

[MethodImpl(MethodImplOptions.NoInlining)]
static string? Null() => null;

[MethodImpl(MethodImplOptions.NoInlining)]
static int Zero() => 0;

// A request as the cmdlet makes one, without a timeout.
static CommandRequest Request(string container, string[] argv) =>
    new() { Container = container, Argv = argv, Settings = Settings.FromEnvironment() };
