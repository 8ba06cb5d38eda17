using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Monitor.Crawler.Evidence;

/// <summary>What <see cref="WarcReader"/> found in a file: the complete records, and whether an incomplete tail was skipped.</summary>
public sealed record WarcReadResult(IReadOnlyList<WarcRecord> Records, bool TruncatedTail);

/// <summary>
/// Reads WARC records from a <c>.warc.gz</c> (any number of gzip members) or an uncompressed <c>.warc</c>.
/// A record cut short at the end of the file (a crash mid-write) is skipped and reported, never thrown:
/// the complete records before it are returned.
/// </summary>
public static class WarcReader
{
    public static WarcReadResult ReadFile(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file);
    }

    public static WarcReadResult Read(byte[] bytes) => Read(new MemoryStream(bytes, writable: false));

    /// <summary>Reads from a seekable stream (a file or bytes); gzip is recognised by its magic bytes.</summary>
    public static WarcReadResult Read(Stream input)
    {
        if (!input.CanSeek)
            throw new ArgumentException("WarcReader needs a seekable stream", nameof(input));
        var start = input.Position;
        var gzip = input.ReadByte() == 0x1f && input.ReadByte() == 0x8b;
        input.Position = start;
        using var source = new BufferedStream(gzip ? new GZipStream(input, CompressionMode.Decompress, leaveOpen: true) : input, 64 * 1024);

        var records = new List<WarcRecord>();
        try
        {
            while (ReadRecord(source) is { } record)
                records.Add(record);
            return new WarcReadResult(records, false);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException)
        {
            // The tail is incomplete (or not a record at all): keep what was complete before it.
            return new WarcReadResult(records, true);
        }
    }

    private static WarcRecord? ReadRecord(Stream source)
    {
        string? version;
        do
        {
            version = ReadLine(source, atStart: true);
            if (version is null)
                return null;
        }
        while (version.Length == 0);
        if (!version.StartsWith("WARC/", StringComparison.Ordinal))
            throw new FormatException("不是 WARC 记录的开头：" + version);

        var headers = new List<KeyValuePair<string, string>>();
        while (ReadLine(source, atStart: false) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                throw new FormatException("WARC 头字段无效：" + line);
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        var lengthText = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > int.MaxValue)
            throw new FormatException("WARC 记录缺少有效的 Content-Length");
        var block = new byte[length];
        source.ReadExactly(block);
        Span<byte> end = stackalloc byte[4];
        source.ReadExactly(end);
        if (!end.SequenceEqual("\r\n\r\n"u8))
            throw new FormatException("WARC 记录结尾不是两个 CRLF");
        return new WarcRecord(version, headers, block);
    }

    /// <summary>A CRLF- (or LF-) terminated line; null at a clean end of input before any byte of it.</summary>
    private static string? ReadLine(Stream source, bool atStart)
    {
        var bytes = new List<byte>(64);
        while (true)
        {
            var b = source.ReadByte();
            if (b < 0)
                return atStart && bytes.Count == 0 ? null : throw new EndOfStreamException("WARC 记录在头部中断");
            if (b == '\n')
                break;
            bytes.Add((byte)b);
            if (bytes.Count > 64 * 1024)
                throw new FormatException("WARC 头部行过长");
        }
        if (bytes.Count > 0 && bytes[^1] == '\r')
            bytes.RemoveAt(bytes.Count - 1);
        return Encoding.UTF8.GetString([.. bytes]);
    }
}
