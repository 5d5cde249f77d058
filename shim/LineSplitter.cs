using System;
using System.Collections.Generic;
using System.Text;

namespace PSDocker;

/// <summary>
/// Decodes UTF-8 that arrives in arbitrary chunks: a character split between
/// two chunks stays whole, invalid bytes become U+FFFD.
/// </summary>
internal sealed class Utf8ChunkDecoder
{
    private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
    private char[] _chars = new char[4096];

    /// <summary>The characters of <paramref name="bytes"/>; valid until the next call.</summary>
    public ReadOnlySpan<char> Decode(ReadOnlySpan<byte> bytes, bool flush = false)
    {
        int max = _decoder.GetCharCount(bytes, flush);
        if (_chars.Length < max)
        {
            _chars = new char[max];
        }
        return _chars.AsSpan(0, _decoder.GetChars(bytes, _chars, flush));
    }
}

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
