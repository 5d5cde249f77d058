using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Xunit;

namespace PSDocker.Tests;

/// <summary>
/// docs/Invoke-Command.md must describe the parameters the compiled cmdlet
/// has: names, types, Mandatory, Position, pipeline input, aliases. The
/// attributes are read from metadata, so no PowerShell runtime is needed.
/// (tests/pester/Help.Tests.ps1 checks the same against Get-Command.)
/// </summary>
public partial class DocsDriftTests
{
    private sealed record ParameterFacts(string Type, bool Required, string Position, bool PipelineInput, string Aliases);

    [Fact]
    public void DocumentedParametersMatchTheCompiledCmdlet()
    {
        Dictionary<string, ParameterFacts> documented = FromMarkdown(Path.Combine(DockerFixture.RepoRoot, "docs", "Invoke-Command.md"));
        Dictionary<string, ParameterFacts> compiled = FromAssembly();
        Assert.Equal(compiled.Keys.Order(), documented.Keys.Order());
        foreach ((string name, ParameterFacts facts) in compiled)
        {
            Assert.Equal((name, facts), (name, documented[name]));
        }
    }

    private static Dictionary<string, ParameterFacts> FromMarkdown(string path)
    {
        string text = File.ReadAllText(path).Replace("\r", "");
        string parameters = text[text.IndexOf("\n## PARAMETERS\n", StringComparison.Ordinal)..];
        parameters = parameters[..parameters.IndexOf("\n### CommonParameters", StringComparison.Ordinal)];
        var result = new Dictionary<string, ParameterFacts>();
        foreach (Match m in ParameterSection().Matches(parameters))
        {
            Dictionary<string, string> yaml = m.Groups["yaml"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(':', 2))
                .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim());
            result[m.Groups["name"].Value] = new ParameterFacts(
                yaml["Type"], bool.Parse(yaml["Required"]), yaml["Position"],
                bool.Parse(yaml["Accept pipeline input"].Split(' ')[0]), yaml["Aliases"]); // "True (ByValue)"
        }
        return result;
    }

    private static Dictionary<string, ParameterFacts> FromAssembly()
    {
        string shim = typeof(ContainerCommand).Assembly.Location;
        string sma = Path.Combine(AppContext.BaseDirectory, "refs", "System.Management.Automation.dll");
        string[] paths = [shim, sma, .. Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")];
        using var context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        Type cmdlet = context.LoadFromAssemblyPath(shim).GetType("PSDocker.InvokeCommandCommand", throwOnError: true)!;

        var result = new Dictionary<string, ParameterFacts>();
        foreach (PropertyInfo property in cmdlet.GetProperties())
        {
            CustomAttributeData? parameter = property.GetCustomAttributesData()
                .SingleOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute");
            if (parameter is null)
            {
                continue;
            }
            T Named<T>(string name, T fallback) =>
                parameter.NamedArguments.Where(n => n.MemberName == name).Select(n => (T)n.TypedValue.Value!).DefaultIfEmpty(fallback).Single();
            int position = Named("Position", int.MinValue);
            string[] aliases = property.GetCustomAttributesData()
                .Where(a => a.AttributeType.FullName == "System.Management.Automation.AliasAttribute")
                .SelectMany(a => a.ConstructorArguments).Select(a => a.Value?.ToString() ?? "").ToArray();
            result[property.Name] = new ParameterFacts(
                property.PropertyType.Name,
                Named("Mandatory", false),
                position == int.MinValue ? "Named" : position.ToString(),
                Named("ValueFromPipeline", false) || Named("ValueFromPipelineByPropertyName", false),
                string.Join(", ", aliases)); // "Aliases:" is empty in platyPS yaml when there are none
        }
        return result;
    }

    [GeneratedRegex(@"^### -(?<name>\w+)\n.*?^```yaml\n(?<yaml>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ParameterSection();
}
