using System.Collections.Generic;
using System.Linq;
using System.Text;
using Xunit;

namespace PSDocker.Tests;

public class LineSplitterTests
{
    private static List<string> Split(params byte[][] chunks)
    {
        var splitter = new LineSplitter();
        var lines = new List<string>();
        foreach (byte[] chunk in chunks)
        {
            splitter.Write(chunk, lines);
        }
        splitter.Flush(lines);
        return lines;
    }

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void SplitsOnLfAndDropsTheCrBeforeIt() =>
        Assert.Equal(["a", "b\rc", "", "d"], Split(B("a\r\nb\rc\n\r\nd\n")));

    [Fact]
    public void KeepsALastLineWithoutLf() => Assert.Equal(["a", "tail"], Split(B("a\ntail")));

    [Fact]
    public void NoOutputIsNoLine() => Assert.Empty(Split(B("")));

    [Fact]
    public void CrLfSplitAcrossChunks() => Assert.Equal(["a", "b"], Split(B("a\r"), B("\nb")));

    [Fact]
    public void KeepsACharacterSplitAcrossChunksWhole()
    {
        byte[] all = B("é✓😀\n");
        byte[][] oneByteEach = all.Select(b => new[] { b }).ToArray();
        Assert.Equal(["é✓😀"], Split(oneByteEach));
    }

    [Fact]
    public void InvalidBytesBecomeReplacementCharacters() =>
        Assert.Equal(["a\uFFFDb", "\uFFFD"], Split([0x61, 0xFF, 0x62, 0x0A, 0xC3]));

    [Fact]
    public void LinesLongerThan64KiB()
    {
        string longLine = new string('x', 200_000);
        byte[] data = B(longLine + "\nshort\n");
        byte[][] chunks = data.Chunk(65536).ToArray();
        Assert.Equal([longLine, "short"], Split(chunks));
    }
}

public class WholeTextTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("a", "a")]
    [InlineData("a\n", "a")]
    [InlineData("a\r\n", "a")]
    [InlineData("a\n\n", "a\n")]
    [InlineData("a\nb\n", "a\nb")]
    [InlineData("\n", "")]
    public void RemovesOneTrailingNewline(string input, string expected)
    {
        var whole = new WholeText();
        foreach (byte b in Encoding.UTF8.GetBytes(input))
        {
            whole.Write([b]);
        }
        Assert.Equal(expected, whole.Finish());
    }

    // WholeText keeps the bytes in blocks of BlockSize and decodes them once:
    // a character and a CRLF cut by a block boundary, fed in odd chunks.
    [Fact]
    public void DecodesAcrossItsBlocks()
    {
        string text = new string('x', WholeText.BlockSize - 1) + "é" + new string('y', WholeText.BlockSize - 6) + "😀\r\n";
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(WholeText.BlockSize * 2 + 1, bytes.Length); // é straddles the first boundary, the CRLF the second
        var whole = new WholeText();
        foreach (byte[] chunk in bytes.Chunk(65_531))
        {
            whole.Write(chunk);
        }
        Assert.Equal(text[..^2], whole.Finish());
    }

    [Fact]
    public void InvalidBytesBecomeReplacementCharacters()
    {
        var whole = new WholeText();
        whole.Write([0x61, 0xFF, 0x62, 0x0A, 0xC3]);
        Assert.Equal("a\uFFFDb\n\uFFFD", whole.Finish());
    }
}
