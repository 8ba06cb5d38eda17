using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Monitor.Crawler.Evidence;

/// <summary>
/// Serialises WARC/1.1 records, each as its own gzip member (the standard <c>.warc.gz</c> layout, so any record
/// can be cut out of a file by offset and length and read alone).
/// </summary>
public static class WarcRecordWriter
{
    /// <summary>The <c>WARC-Date</c> form: UTC, ISO 8601 with Z, microseconds.</summary>
    public static string Date(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A fresh <c>WARC-Record-ID</c>.</summary>
    public static string NewRecordId() => $"<urn:uuid:{Guid.NewGuid():D}>";

    /// <summary>
    /// The <c>warcinfo</c> record that opens a file: which file, what wrote it and which format it conforms to.
    /// </summary>
    public static byte[] Warcinfo(string fileName, DateTimeOffset at, IEnumerable<KeyValuePair<string, string>>? fields = null)
    {
        var body = new StringBuilder();
        body.Append("software: Monitor.Crawler (政务公开合规监测)\r\n");
        body.Append("format: WARC File Format 1.1\r\n");
        body.Append("conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n");
        foreach (var (name, value) in fields ?? [])
            body.Append(name).Append(": ").Append(value.Replace('\r', ' ').Replace('\n', ' ')).Append("\r\n");
        return Member(
            [
                new("WARC-Type", "warcinfo"),
                new("WARC-Record-ID", NewRecordId()),
                new("WARC-Date", Date(at)),
                new("WARC-Filename", fileName),
                new("Content-Type", "application/warc-fields"),
            ],
            Encoding.UTF8.GetBytes(body.ToString()), []);
    }

    /// <summary>
    /// The request and response records of one capture, request first, as two consecutive gzip members.
    /// The response's <c>WARC-Payload-Digest</c> is the SHA-256 of <paramref name="body"/>, i.e. of the
    /// content-addressed object <paramref name="sha256Hex"/>, which ties the record to the object.
    /// </summary>
    public static (byte[] Bytes, string RequestId, string ResponseId) Pair(CaptureInfo capture, string sha256Hex, byte[] body)
    {
        var requestId = NewRecordId();
        var responseId = NewRecordId();
        var date = Date(capture.FetchedAt);
        var target = capture.Url;

        var requestBlock = WarcHttpMessage.Request(capture);
        var request = Member(
            [
                new("WARC-Type", "request"),
                new("WARC-Record-ID", requestId),
                new("WARC-Date", date),
                new("WARC-Target-URI", target),
                new("WARC-Concurrent-To", responseId),
                new("Content-Type", "application/http;msgtype=request"),
                new("WARC-Block-Digest", WarcDigest.Of(requestBlock)),
            ],
            requestBlock, []);

        var head = WarcHttpMessage.ResponseHead(capture, body.LongLength);
        using var blockHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        blockHash.AppendData(head);
        blockHash.AppendData(body);
        var response = Member(
            [
                new("WARC-Type", "response"),
                new("WARC-Record-ID", responseId),
                new("WARC-Date", date),
                new("WARC-Target-URI", target),
                new("WARC-Concurrent-To", requestId),
                new("Content-Type", "application/http;msgtype=response"),
                new("WARC-Block-Digest", "sha256:" + WarcDigest.Base32(blockHash.GetHashAndReset())),
                new("WARC-Payload-Digest", WarcDigest.FromHex(sha256Hex)),
            ],
            head, body);

        var bytes = new byte[request.Length + response.Length];
        request.CopyTo(bytes, 0);
        response.CopyTo(bytes, request.Length);
        return (bytes, requestId, responseId);
    }

    /// <summary>One record (version line, headers, Content-Length, block, CRLF CRLF) as one gzip member.</summary>
    private static byte[] Member(IReadOnlyList<KeyValuePair<string, string>> headers, byte[] blockHead, byte[] blockBody)
    {
        var head = new StringBuilder("WARC/1.1\r\n");
        foreach (var (name, value) in headers)
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        head.Append("Content-Length: ").Append((blockHead.LongLength + blockBody.LongLength).ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");

        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(head.ToString()));
            gzip.Write(blockHead);
            gzip.Write(blockBody);
            gzip.Write("\r\n\r\n"u8);
        }
        return buffer.ToArray();
    }
}
