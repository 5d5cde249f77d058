using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using PSDocker.Native;

namespace PSDocker;

/// <summary>
/// Tab completion for -Name: the running containers on the endpoint the call
/// would use, whose name starts with the typed word, in docker ps's order,
/// quoted where PowerShell would misread the bare name. A daemon that cannot
/// be reached within Bounds.ListTimeout gives no completions and no error text.
/// </summary>
public sealed partial class ContainerNameCompleter : IArgumentCompleter
{
    internal readonly record struct Candidate(string CompletionText, string ListItemText, string ToolTip);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        IReadOnlyList<ContainerSummary> running;
        try
        {
            // The context named on the same command line, if any: the call would use it.
            string? context = fakeBoundParameters?["Context"] as string;
            running = ListRunning(Bounds.ListTimeout, context);
        }
        catch (Exception e) when (e is ContainerCommandException or DllNotFoundException or System.Text.Json.JsonException)
        {
            return [];
        }
        return Candidates(running, wordToComplete)
            .Select(c => new CompletionResult(c.CompletionText, c.ListItemText, CompletionResultType.ParameterValue, c.ToolTip))
            .ToList();
    }

    /// <summary>
    /// The running containers on the endpoint the session's DOCKER_* settings
    /// select (or <paramref name="context"/>), newest first; paused ones are left out.
    /// </summary>
    /// <exception cref="ContainerCommandException">The daemon refused, or did not answer within <paramref name="timeout"/>.</exception>
    internal static unsafe IReadOnlyList<ContainerSummary> ListRunning(TimeSpan timeout, string? context = null)
    {
        var request = new ListRequest { Settings = Settings.FromEnvironment(), TimeoutMs = (long)timeout.TotalMilliseconds, Context = context };
        byte[] json = Json.Bytes(request, ContractJson.Default.ListRequest);
        int rc;
        nint result;
        fixed (byte* p = json)
        {
            rc = NativeMethods.ListContainers(p, json.Length, out result);
        }
        string? text = NativeMethods.TakeString(result);
        if (rc != 0)
        {
            ErrorReport error = Json.Parse(text, ContractJson.Default.ErrorReport);
            throw new ContainerCommandException(error.Kind, error.Message, "", "");
        }
        return Json.Parse(text, ContractJson.Default.ContainerSummaryArray);
    }

    /// <summary>What Tab offers for <paramref name="wordToComplete"/>; free of PowerShell types so it can be tested on its own.</summary>
    internal static IEnumerable<Candidate> Candidates(IEnumerable<ContainerSummary> running, string? wordToComplete)
    {
        string prefix = Unquote(wordToComplete ?? "");
        return running
            .Where(c => c.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(c => new Candidate(Quote(c.Name), c.Name, $"{c.Image}, {c.Status}, {c.Id[..Math.Min(12, c.Id.Length)]}"));
    }

    /// <summary>
    /// Docker names are [a-zA-Z0-9][a-zA-Z0-9_.-]+. In argument mode a bare
    /// name that begins with a digit can read as a number (1e3, 0x10, 2kb),
    /// so such names, and anything unexpected, come back single-quoted.
    /// </summary>
    internal static string Quote(string name) =>
        SafeBareWord().IsMatch(name) ? name : "'" + name.Replace("'", "''") + "'";

    private static string Unquote(string word) => word.Trim('\'', '"');

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]*$")]
    private static partial Regex SafeBareWord();
}
