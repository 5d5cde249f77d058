using System;
using System.Text;

namespace PSDocker;

/// <summary>
/// Keeps all of a byte stream as one string (for -StringOutput), with one
/// trailing newline, LF or CRLF, removed at the end.
/// </summary>
internal sealed class WholeText
{
    private readonly Utf8ChunkDecoder _decoder = new();
    private readonly StringBuilder _text = new();

    public void Write(ReadOnlySpan<byte> bytes) => _text.Append(_decoder.Decode(bytes));

    public string Finish()
    {
        _text.Append(_decoder.Decode(ReadOnlySpan<byte>.Empty, flush: true));
        int end = _text.Length;
        if (end > 0 && _text[end - 1] == '\n')
        {
            end--;
            if (end > 0 && _text[end - 1] == '\r')
            {
                end--;
            }
        }
        return _text.ToString(0, end);
    }
}
