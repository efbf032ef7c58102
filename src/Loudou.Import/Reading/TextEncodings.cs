using System.Text;

namespace Loudou.Import.Reading;

/// <summary>Finds the encoding of a text file: a byte-order mark, else UTF-8 when its bytes read as UTF-8, else GB18030.</summary>
/// <remarks>
/// Chinese Excel saves CSV as GBK (a subset of GB18030) without a mark. Text that is valid UTF-8
/// is almost never meant as GB18030, so the whole file is scanned for UTF-8 first; the reverse
/// order would not work, as GB18030 decodes most byte sequences. A file whose multi-byte sequences
/// are nearly all valid UTF-8 is UTF-8 with a few broken bytes (reported by row), not GB18030:
/// GBK text breaks UTF-8 on most of its characters. Other legacy encodings (Big5, Shift-JIS,
/// Latin-1) are not guessed: name them with --encoding.
/// </remarks>
public static class TextEncodings
{
    static TextEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Makes the code-page encodings (GB18030, GBK, legacy Excel's) available; safe to call more than once.</summary>
    public static void Register() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The encoding a name such as utf-8, gb18030, gbk or gb2312 means, strict about invalid bytes.</summary>
    /// <returns>Null when the name is not an encoding this system has.</returns>
    public static Encoding? Named(string name)
    {
        Register();
        var wanted = name.Trim().ToLowerInvariant() switch
        {
            "utf8" or "utf-8" or "utf-8-sig" => "utf-8",
            // GBK and GB2312 files are GB18030 files: it is their superset, and decoding them as it loses nothing.
            "gbk" or "gb2312" or "cp936" or "936" or "gb18030" => "gb18030",
            var other => other,
        };
        try
        {
            return Strict(Encoding.GetEncoding(wanted));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Detects the encoding of a file; <paramref name="bomLength"/> bytes at its start are a byte-order mark.</summary>
    public static Encoding Detect(string path, out int bomLength)
    {
        using var stream = File.OpenRead(path);
        return Detect(stream, out bomLength);
    }

    /// <summary>Detects the encoding of the text a stream holds from its start; a stream that cannot seek is read once for the mark and once for the rest.</summary>
    /// <param name="open">Opens the stream at the text's start (a file, or a file's decompression).</param>
    public static Encoding Detect(Func<Stream> open, out int bomLength)
    {
        using var stream = open();
        if (stream.CanSeek)
        {
            return Detect(stream, out bomLength);
        }
        Span<byte> head = stackalloc byte[3];
        var read = stream.ReadAtLeast(head, 3, throwOnEndOfStream: false);
        if (Marked(head[..read], out bomLength) is { } marked)
        {
            return marked;
        }
        using var again = open();
        return IsUtf8(again) ? Strict(Encoding.UTF8) : Named("gb18030")!;
    }

    private static Encoding Detect(Stream stream, out int bomLength)
    {
        Register();
        Span<byte> head = stackalloc byte[3];
        var read = stream.ReadAtLeast(head, 3, throwOnEndOfStream: false);
        if (Marked(head[..read], out bomLength) is { } marked)
        {
            return marked;
        }
        stream.Position = 0;
        return IsUtf8(stream) ? Strict(Encoding.UTF8) : Named("gb18030")!;
    }

    /// <summary>The encoding a byte-order mark at the start names; null without one.</summary>
    private static Encoding? Marked(ReadOnlySpan<byte> head, out int bomLength)
    {
        Register();
        var read = head.Length;
        bomLength = 0;
        if (read >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        {
            bomLength = 3;
            return Strict(Encoding.UTF8);
        }
        if (read >= 2 && head[0] == 0xFF && head[1] == 0xFE)
        {
            bomLength = 2;
            return Strict(Encoding.Unicode);
        }
        if (read >= 2 && head[0] == 0xFE && head[1] == 0xFF)
        {
            bomLength = 2;
            return Strict(Encoding.BigEndianUnicode);
        }
        return null;
    }

    /// <summary>True when at least 90% of the file's multi-byte sequences are valid UTF-8 (all of them, for a file of ASCII).</summary>
    private static bool IsUtf8(Stream stream)
    {
        var buffer = new byte[(1 << 16) + 4];
        long valid = 0, invalid = 0;
        var carry = 0;
        int read;
        while ((read = stream.Read(buffer, carry, buffer.Length - 4 - carry)) > 0 || carry > 0)
        {
            var end = carry + read;
            var last = read == 0;
            var i = 0;
            while (i < end)
            {
                var b = buffer[i];
                if (b < 0x80)
                {
                    i++;
                    continue;
                }
                var length = b is >= 0xC2 and <= 0xDF ? 2 : b is >= 0xE0 and <= 0xEF ? 3 : b is >= 0xF0 and <= 0xF4 ? 4 : 0;
                if (length == 0)
                {
                    invalid++;
                    i++;
                    continue;
                }
                if (i + length > end && !last)
                {
                    break;
                }
                var ok = i + length <= end;
                for (var k = 1; ok && k < length; k++)
                {
                    ok = buffer[i + k] is >= 0x80 and <= 0xBF;
                }
                if (ok)
                {
                    valid++;
                    i += length;
                }
                else
                {
                    invalid++;
                    i++;
                }
            }
            carry = end - i;
            Array.Copy(buffer, i, buffer, 0, carry);
            if (last)
            {
                break;
            }
        }
        return invalid == 0 || valid >= 9 * invalid;
    }

    /// <summary>The encoding as the readers use it: a byte it cannot decode becomes U+FFFD, which they report by row and column.</summary>
    public static Encoding Replacing(Encoding encoding) =>
        Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));

    private static Encoding Strict(Encoding encoding) =>
        Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
}
