using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PSDocker;

/// <summary>
/// Tab completion for -Name: the running containers on the endpoint the call
/// would use. A daemon that cannot be reached within ListTimeout gives no
/// completions and no error text.
/// </summary>
public sealed class ContainerNameCompleter : IArgumentCompleter
{
    // The promise is an answer within 1 s; the first completion of a session also loads the library.
    private static readonly TimeSpan ListTimeout = TimeSpan.FromMilliseconds(800);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        IReadOnlyList<ContainerSummary> running;
        try
        {
            running = ContainerSummary.ListRunning(ListTimeout);
        }
        catch (Exception e) when (e is ContainerCommandException or DllNotFoundException or System.Text.Json.JsonException)
        {
            return [];
        }
        return ContainerNameCompletion.For(running, wordToComplete)
            .Select(c => new CompletionResult(c.CompletionText, c.ListItemText, CompletionResultType.ParameterValue, c.ToolTip))
            .ToList();
    }
}
