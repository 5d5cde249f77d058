using System;
using System.Collections.Generic;
using System.Text;

namespace PSDocker;

/// <summary>
/// Keeps all of a byte stream as one string (for -StringOutput), with one
/// trailing newline, LF or CRLF, removed at the end. The bytes are kept as
/// they come, in blocks that are never copied again, and decoded once, at
/// the end, straight into the string: no growing buffer of characters,
/// which for 75 MiB of output would be a second 150 MB copy. Invalid bytes
/// become U+FFFD.
/// </summary>
internal sealed class WholeText
{
    internal const int BlockSize = 1 << 20;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly List<byte[]> _blocks = new();
    private int _lastLength = BlockSize; // bytes used in the last block

    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_lastLength == BlockSize)
            {
                _blocks.Add(GC.AllocateUninitializedArray<byte>(BlockSize));
                _lastLength = 0;
            }
            int n = Math.Min(bytes.Length, BlockSize - _lastLength);
            bytes[..n].CopyTo(_blocks[^1].AsSpan(_lastLength));
            _lastLength += n;
            bytes = bytes[n..];
        }
    }

    public string Finish()
    {
        long length = _blocks.Count == 0 ? 0 : (long)(_blocks.Count - 1) * BlockSize + _lastLength;
        if (length > 0 && ByteAt(length - 1) == '\n')
        {
            length--;
            if (length > 0 && ByteAt(length - 1) == '\r')
            {
                length--;
            }
        }
        // The character count first, with a decoder of its own, so the string
        // is made at its final size and filled in place.
        Decoder counter = Utf8.GetDecoder();
        long chars = 0;
        foreach ((ReadOnlyMemory<byte> segment, bool last) in Segments(length))
        {
            chars += counter.GetCharCount(segment.Span, last);
        }
        if (chars > int.MaxValue)
        {
            throw new OutOfMemoryException($"{chars} characters of output do not fit in one string.");
        }
        return string.Create((int)chars, (this, length), static (span, state) =>
        {
            Decoder decoder = Utf8.GetDecoder();
            foreach ((ReadOnlyMemory<byte> segment, bool last) in state.Item1.Segments(state.length))
            {
                span = span[decoder.GetChars(segment.Span, span, last)..];
            }
        });
    }

    private byte ByteAt(long index) => _blocks[(int)(index / BlockSize)][index % BlockSize];

    /// <summary>The first <paramref name="length"/> bytes, block by block; at least one segment, the last flagged.</summary>
    private IEnumerable<(ReadOnlyMemory<byte> Segment, bool Last)> Segments(long length)
    {
        if (length == 0)
        {
            yield return (ReadOnlyMemory<byte>.Empty, true);
            yield break;
        }
        for (int i = 0; length > 0; i++)
        {
            int n = (int)Math.Min(length, BlockSize);
            length -= n;
            yield return (_blocks[i].AsMemory(0, n), length == 0);
        }
    }
}
