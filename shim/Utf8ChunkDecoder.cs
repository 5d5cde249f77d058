using System;
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
