using System;
using System.Collections.Generic;
using System.Text;

namespace PSDocker;

/// <summary>
/// Turns a byte stream into lines: split on LF, a CR right before the LF
/// dropped, and a last line without LF still returned by <see cref="Flush"/>.
/// It splits the UTF-8 bytes and decodes each line once: a LF byte is never
/// part of a multi-byte character, so a line's bytes hold whole characters,
/// and most lines go from the read buffer to their string in one step.
/// Invalid bytes become U+FFFD.
/// </summary>
internal sealed class LineSplitter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    // The unfinished last line, when a chunk ends inside one.
    private byte[] _partial = new byte[256];
    private int _partialLength;

    /// <summary>Bytes after the last LF are waiting for the rest of their line.</summary>
    public bool HasPartialLine => _partialLength > 0;

    public void Write(ReadOnlySpan<byte> bytes, List<string> lines)
    {
        int lf;
        while ((lf = bytes.IndexOf((byte)'\n')) >= 0)
        {
            ReadOnlySpan<byte> line = bytes[..lf];
            if (_partialLength > 0)
            {
                Keep(line);
                line = _partial.AsSpan(0, _partialLength);
                _partialLength = 0;
            }
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }
            lines.Add(Utf8.GetString(line));
            bytes = bytes[(lf + 1)..];
        }
        Keep(bytes);
    }

    public void Flush(List<string> lines)
    {
        if (_partialLength > 0)
        {
            lines.Add(Utf8.GetString(_partial, 0, _partialLength));
            _partialLength = 0;
        }
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (_partialLength + bytes.Length > _partial.Length)
        {
            Array.Resize(ref _partial, Math.Max(_partial.Length * 2, _partialLength + bytes.Length));
        }
        bytes.CopyTo(_partial.AsSpan(_partialLength));
        _partialLength += bytes.Length;
    }
}
