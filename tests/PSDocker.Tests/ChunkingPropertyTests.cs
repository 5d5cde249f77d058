using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Xunit;

namespace PSDocker.Tests;

/// <summary>
/// The line decoder against arbitrary chunking: random bytes (valid and
/// broken UTF-8, CR, LF) cut at random places must give exactly the lines
/// that decoding the whole at once gives. Seeded, so a failure names the
/// seed that reproduces it; PSD_SOAK=1 runs a hundred times more.
/// </summary>
public class ChunkingPropertyTests
{
    private static readonly int Rounds = Environment.GetEnvironmentVariable("PSD_SOAK") == "1" ? 200_000 : 2_000;

    private static readonly byte[][] Pieces =
    [
        "a"u8.ToArray(), "é"u8.ToArray(), "✓"u8.ToArray(), "😀"u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(),
        "\r"u8.ToArray(), [0xFF], [0xC3], [0xE2, 0x9C], [0x80], [0x00], " "u8.ToArray(),
    ];

    [Fact]
    public void LinesDoNotDependOnWhereTheStreamIsCut()
    {
        for (int seed = 0; seed < Rounds; seed++)
        {
            var random = new Random(seed);
            byte[] stream = Enumerable.Range(0, random.Next(0, 64)).SelectMany(_ => Pieces[random.Next(Pieces.Length)]).ToArray();
            List<string> expected = Reference(stream);
            List<string> actual = ThroughChunks(stream, random);
            Assert.True(expected.SequenceEqual(actual), $"seed {seed}: {Show(expected)} != {Show(actual)}");

            var whole = new WholeText();
            foreach (byte[] chunk in Cut(stream, random))
            {
                whole.Write(chunk);
            }
            string text = new UTF8Encoding(false, false).GetString(stream);
            string trimmed = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
            Assert.True(trimmed == whole.Finish(), $"seed {seed}: WholeText differs");
        }
    }

    // Decode everything at once, then split: what any chunking must give.
    private static List<string> Reference(byte[] stream)
    {
        string text = new UTF8Encoding(false, false).GetString(stream);
        string[] segments = text.Split('\n');
        // A CR goes only where an LF follows; the last segment has none.
        var lines = segments.Select((l, i) => i < segments.Length - 1 && l.EndsWith('\r') ? l[..^1] : l).ToList();
        if (lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1); // the text ended with LF, or was empty
        }
        return lines;
    }

    private static List<string> ThroughChunks(byte[] stream, Random random)
    {
        var splitter = new LineSplitter();
        var lines = new List<string>();
        foreach (byte[] chunk in Cut(stream, random))
        {
            splitter.Write(chunk, lines);
        }
        splitter.Flush(lines);
        return lines;
    }

    private static IEnumerable<byte[]> Cut(byte[] stream, Random random)
    {
        for (int at = 0; at < stream.Length;)
        {
            int n = Math.Min(stream.Length - at, random.Next(1, 8));
            yield return stream[at..(at + n)];
            at += n;
        }
    }

    private static string Show(List<string> lines) => "[" + string.Join(", ", lines.Select(l => $"\"{l}\"")) + "]";
}
