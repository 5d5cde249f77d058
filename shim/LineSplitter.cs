using System;
using System.Collections.Generic;
using System.Text;

namespace PSDocker;

/// <summary>
/// Turns a byte stream into lines: split on LF, a CR right before the LF
/// dropped, and a last line without LF still returned by <see cref="Flush"/>.
/// </summary>
internal sealed class LineSplitter
{
    private readonly Utf8ChunkDecoder _decoder = new();
    private readonly StringBuilder _line = new();

    /// <summary>Text after the last LF is waiting for the rest of its line.</summary>
    public bool HasPartialLine => _line.Length > 0;

    public void Write(ReadOnlySpan<byte> bytes, List<string> lines) => Split(_decoder.Decode(bytes), lines);

    public void Flush(List<string> lines)
    {
        Split(_decoder.Decode(ReadOnlySpan<byte>.Empty, flush: true), lines);
        if (_line.Length > 0)
        {
            lines.Add(_line.ToString());
            _line.Clear();
        }
    }

    private void Split(ReadOnlySpan<char> chars, List<string> lines)
    {
        int lf;
        while ((lf = chars.IndexOf('\n')) >= 0)
        {
            _line.Append(chars[..lf]);
            if (_line.Length > 0 && _line[^1] == '\r')
            {
                _line.Length--;
            }
            lines.Add(_line.ToString());
            _line.Clear();
            chars = chars[(lf + 1)..];
        }
        _line.Append(chars);
    }
}
