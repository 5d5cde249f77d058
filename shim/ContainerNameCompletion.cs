using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace PSDocker;

/// <summary>
/// What Tab offers for -Name: running containers whose name starts with the
/// typed word, in docker ps's order, quoted where PowerShell would misread
/// the bare name. Free of PowerShell types so it can be tested on its own.
/// </summary>
internal static partial class ContainerNameCompletion
{
    internal readonly record struct Candidate(string CompletionText, string ListItemText, string ToolTip);

    public static IEnumerable<Candidate> For(IEnumerable<ContainerSummary> running, string? wordToComplete)
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
    public static string Quote(string name) =>
        SafeBareWord().IsMatch(name) ? name : "'" + name.Replace("'", "''") + "'";

    private static string Unquote(string word) => word.Trim('\'', '"');

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]*$")]
    private static partial Regex SafeBareWord();
}
