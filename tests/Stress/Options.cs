namespace PSDocker.Stress;

// Command line. Defaults follow the public reproducer: 16 workers, a signal
// round every 10 µs.
internal sealed class Options
{
    public string Library = "";
    public int Seconds = 30;
    public int Workers = 16;
    public int IntervalUs = 10;   // 0: no signal thread, only CoreCLR's own suspensions
    public int CommandEvery = 64; // every Nth loop also runs a real (failing) command
    public int GcSleepMs = 1;

    public static bool TryParse(string[] args, out Options o, out string error)
    {
        o = new Options();
        error = "";
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return false;
            }
            string value = args[++i];
            if (name == "--library")
            {
                o.Library = value;
                continue;
            }
            if (!int.TryParse(value, out int n) || n < (name is "--gc-sleep-ms" or "--interval-us" ? 0 : 1))
            {
                error = $"{name}: bad value '{value}'";
                return false;
            }
            switch (name)
            {
                case "--seconds": o.Seconds = n; break;
                case "--workers": o.Workers = n; break;
                case "--interval-us": o.IntervalUs = n; break;
                case "--command-every": o.CommandEvery = n; break;
                case "--gc-sleep-ms": o.GcSleepMs = n; break;
                default:
                    error = $"unknown option {name}";
                    return false;
            }
        }
        if (o.Library == "")
            error = "--library is required";
        return error == "";
    }
}
