using System;
using System.Buffers;
using System.Globalization;
using System.Management.Automation;
using System.Text;

namespace PSDocker;

/// <summary>
/// Turns pipeline input into the bytes PowerShell writes to a native
/// command's stdin: a byte or byte[] as it is; anything else as the lines
/// Out-String -Stream makes of it, each with a newline, in $OutputEncoding.
/// Strings, $null (nothing) and integers take a short way to the same bytes,
/// so that a million lines do not each pass through the formatter.
/// </summary>
internal sealed class PipelineInput : IDisposable
{
    private readonly Encoding _encoding;
    private readonly Func<SteppablePipeline> _newFormatter;
    private SteppablePipeline? _formatter; // Out-String -Stream, begun at the first object that needs it
    private readonly ArrayBufferWriter<byte> _bytes = new(64 * 1024);
    private bool _preambleWritten;

    /// <param name="encoding">$OutputEncoding as the caller's scope has it.</param>
    /// <param name="newFormatter">Out-String -Stream as a steppable pipeline of the caller's runspace.</param>
    public PipelineInput(Encoding encoding, Func<SteppablePipeline> newFormatter)
    {
        _encoding = encoding;
        _newFormatter = newFormatter;
    }

    /// <summary>The bytes of one input object; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Encode(object? input)
    {
        _bytes.Clear();
        object? value = input is PSObject pso ? pso.BaseObject : input;
        switch (value)
        {
            case byte[] bytes:
                return bytes; // as it is, and not copied
            case byte b:
                _bytes.Write([b]);
                break;
            case null:
                break; // Out-String -Stream makes no line of it: a native command gets nothing
            // The short ways hold only while the formatter holds nothing back:
            // once it has begun (a table waits for its rows), everything goes
            // through it, so the order stays PowerShell's.
            case string s when _formatter is null && s.AsSpan().IndexOfAny('\r', '\n') < 0:
                Line(s);
                break;
            case int or long or short or sbyte or uint or ulong or ushort when _formatter is null:
                Line(((IFormattable)value).ToString(null, CultureInfo.CurrentCulture)); // as Out-String formats it
                break;
            default:
                _formatter ??= Begin();
                foreach (object? line in _formatter.Process(input))
                {
                    Line(line?.ToString() ?? "");
                }
                break;
        }
        return _bytes.WrittenMemory;
    }

    /// <summary>
    /// The bytes of what the formatter held back to the end (a table waits
    /// for its rows); valid until the next call.
    /// </summary>
    public ReadOnlyMemory<byte> Complete()
    {
        _bytes.Clear();
        if (_formatter is not null)
        {
            foreach (object? line in _formatter.End())
            {
                Line(line?.ToString() ?? "");
            }
        }
        return _bytes.WrittenMemory;
    }

    private SteppablePipeline Begin()
    {
        SteppablePipeline formatter = _newFormatter();
        formatter.Begin(true);
        return formatter;
    }

    private void Line(string text)
    {
        // PowerShell's StreamWriter on a pipe writes the encoding's preamble
        // (a BOM, for [Text.Encoding]::UTF8) before its first text.
        if (!_preambleWritten)
        {
            _preambleWritten = true;
            _bytes.Write(_encoding.Preamble);
        }
        Span<byte> span = _bytes.GetSpan(_encoding.GetMaxByteCount(text.Length + Environment.NewLine.Length));
        int n = _encoding.GetBytes(text, span);
        n += _encoding.GetBytes(Environment.NewLine, span[n..]);
        _bytes.Advance(n);
    }

    public void Dispose()
    {
        _formatter?.Dispose();
        _formatter = null;
    }
}
