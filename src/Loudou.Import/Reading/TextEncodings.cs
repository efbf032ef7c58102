using System.Text;

namespace Loudou.Import.Reading;

/// <summary>Finds the encoding of a text file: a byte-order mark, else UTF-8 if every byte is valid UTF-8, else GB18030.</summary>
/// <remarks>
/// Chinese Excel saves CSV as GBK (a subset of GB18030) without a mark. A file that is valid UTF-8
/// throughout is almost never meant as GB18030, so checking the whole file for UTF-8 first is a
/// safe order; the reverse is not, as GB18030 decodes most byte sequences. Other legacy encodings
/// (Big5, Shift-JIS, Latin-1) are not guessed: name them with --encoding.
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
        Register();
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[3];
        var read = stream.ReadAtLeast(head, 3, throwOnEndOfStream: false);
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
        stream.Position = 0;
        return IsUtf8(stream) ? Strict(Encoding.UTF8) : Named("gb18030")!;
    }

    private static bool IsUtf8(Stream stream)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[1 << 16];
        try
        {
            int n;
            while ((n = stream.Read(bytes, 0, bytes.Length)) > 0)
            {
                decoder.GetChars(bytes, 0, n, chars, 0, flush: false);
            }
            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static Encoding Strict(Encoding encoding) =>
        Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
}
