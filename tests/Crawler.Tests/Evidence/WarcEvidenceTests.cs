using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Monitor.Crawler.Evidence;

namespace Monitor.Crawler.Tests.Evidence;

/// <summary>
/// Guards the WARC form of the evidence: records tied to the content-addressed objects by their payload digest,
/// HTTP messages a reader can parse (no stale Content-Encoding), gzip members that stand alone, a torn tail that
/// costs only itself, and parallel fetches that never interleave records.
/// </summary>
public sealed class WarcEvidenceTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 30, 15, TimeSpan.FromHours(8));

    private static readonly CaptureInfo Get = new(
        "http://portal.test:8080/zwgk/a.html?x=1", "GET", At, 200,
        [
            new("Content-Type", "text/html; charset=GBK"),
            new("Content-Encoding", "gzip"),
            new("Transfer-Encoding", "chunked"),
            new("Content-Length", "17"),
            new("Server", "evil\r\nInjected: yes"),
        ])
    {
        RequestHeaders = [new("User-Agent", "monitor-test"), new("Accept-Language", "zh-CN")],
    };

    private readonly string _root = Path.Combine(Path.GetTempPath(), "crawler-warc-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    private string WarcDir => Path.Combine(_root, "warc");

    private string[] WarcFiles() => [.. Directory.GetFiles(WarcDir, "*.warc.gz").Order(StringComparer.Ordinal)];

    private static string Sha(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    [Fact]
    public async Task A_capture_becomes_a_request_and_a_response_record_whose_payload_digest_is_the_objects_sha256()
    {
        var store = new FileEvidenceStore(_root);
        var body = Encoding.UTF8.GetBytes("<html><body>政务公开</body></html>");

        var saved = await store.SaveAsync(Get, body, CancellationToken.None);

        var file = Assert.Single(WarcFiles());
        Assert.StartsWith("monitor-20261201-", Path.GetFileName(file), StringComparison.Ordinal);
        var read = WarcReader.ReadFile(file);
        Assert.False(read.TruncatedTail);
        Assert.Equal(["warcinfo", "request", "response"], read.Records.Select(r => r.Type));
        var (info, request, response) = (read.Records[0], read.Records[1], read.Records[2]);

        Assert.Equal("application/warc-fields", info.Header("Content-Type"));
        Assert.Equal(Path.GetFileName(file), info.Header("WARC-Filename"));

        // The record and the object are the same bytes: the payload digest decodes to the object's content address.
        Assert.Equal(saved.Sha256, WarcDigest.ToHex(response.Header("WARC-Payload-Digest")));
        Assert.Matches("^sha256:[A-Z2-7]{52}====$", response.Header("WARC-Payload-Digest")!);
        Assert.Equal(body, response.Payload);
        Assert.Equal(body, await store.ReadAsync(saved.Sha256));
        Assert.Equal(Sha(response.Block), WarcDigest.ToHex(response.Header("WARC-Block-Digest")));
        Assert.Equal(Sha(request.Block), WarcDigest.ToHex(request.Header("WARC-Block-Digest")));

        // Linked pair, distinct ids, same target and time.
        Assert.Matches("^<urn:uuid:[0-9a-f-]{36}>$", request.RecordId!);
        Assert.NotEqual(request.RecordId, response.RecordId);
        Assert.Equal(response.RecordId, request.ConcurrentTo);
        Assert.Equal(request.RecordId, response.ConcurrentTo);
        Assert.All(read.Records.Skip(1), r => Assert.Equal(Get.Url, r.TargetUri));
        Assert.All(read.Records, r => Assert.Equal("WARC/1.1", r.Version));
        Assert.Equal("2026-12-01T00:30:15.000000Z", response.Header("WARC-Date"));
        Assert.Equal("application/http;msgtype=request", request.Header("Content-Type"));
        Assert.Equal("application/http;msgtype=response", response.Header("Content-Type"));
        Assert.Equal(response.Block.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Header("Content-Length"));

        // The HTTP messages: stored body is decoded, so the encodings are renamed and the length is the stored one.
        var requestLines = request.HttpHead!.Split("\r\n");
        Assert.Equal("GET /zwgk/a.html?x=1 HTTP/1.1", requestLines[0]);
        Assert.Contains("Host: portal.test:8080", requestLines);
        Assert.Contains("User-Agent: monitor-test", requestLines);
        Assert.Empty(request.Payload);
        var responseLines = response.HttpHead!.Split("\r\n");
        Assert.Equal("HTTP/1.1 200 OK", responseLines[0]);
        Assert.Contains("X-Crawler-Content-Encoding: gzip", responseLines);
        Assert.Contains("X-Crawler-Transfer-Encoding: chunked", responseLines);
        Assert.Contains("X-Crawler-Content-Length: 17", responseLines);
        Assert.Contains($"Content-Length: {body.Length}", responseLines);
        Assert.DoesNotContain(responseLines, l => l.StartsWith("Content-Encoding", StringComparison.OrdinalIgnoreCase)
                                                  || l.StartsWith("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                                                  || l.StartsWith("Injected", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Server: evil  Injected: yes", responseLines);
    }

    [Fact]
    public async Task A_post_keeps_its_form_body_and_headers_in_the_request_record()
    {
        var store = new FileEvidenceStore(_root);
        var form = Encoding.UTF8.GetBytes("keyword=%E5%85%AC%E5%BC%80&page=2");
        var post = new CaptureInfo("http://portal.test/search", "POST", At, 404, [new("Content-Type", "text/html")])
        {
            RequestBody = form,
        };

        await store.SaveAsync(post, Encoding.UTF8.GetBytes("无结果"), CancellationToken.None);

        var records = WarcReader.ReadFile(Assert.Single(WarcFiles())).Records;
        var request = records.Single(r => r.Type == "request");
        var lines = request.HttpHead!.Split("\r\n");
        Assert.Equal("POST /search HTTP/1.1", lines[0]);
        Assert.Contains("Content-Type: application/x-www-form-urlencoded", lines);
        Assert.Contains($"Content-Length: {form.Length}", lines);
        Assert.Equal(form, request.Payload);
        Assert.Equal("HTTP/1.1 404 Not Found", records.Single(r => r.Type == "response").HttpHead!.Split("\r\n")[0]);
    }

    [Fact]
    public async Task Every_record_is_its_own_gzip_member_and_the_index_points_at_the_exact_bytes_of_each_pair()
    {
        var store = new FileEvidenceStore(_root);
        var bodies = Enumerable.Range(1, 3).Select(i => Encoding.UTF8.GetBytes($"<p>第{i}页</p>")).ToList();
        for (var i = 0; i < bodies.Count; i++)
            await store.SaveAsync(Get with { Url = $"http://portal.test/{i}.html" }, bodies[i], CancellationToken.None);

        var file = Assert.Single(WarcFiles());
        var bytes = await File.ReadAllBytesAsync(file);
        var index = await WarcIndex.ReadAsync(WarcDir);
        Assert.Equal(bodies.Select(Sha), index.Select(e => e.Sha256));
        Assert.All(index, e => Assert.Equal(Path.GetFileName(file), e.File));
        Assert.Equal(bytes.Length, index[^1].Offset + index[^1].Length);

        // The warcinfo member alone (the bytes before the first pair) is a complete gzip stream.
        Assert.Equal("warcinfo", Assert.Single(WarcReader.Read(bytes[..(int)index[0].Offset]).Records).Type);
        for (var i = 0; i < index.Count; i++)
        {
            var slice = bytes.AsSpan((int)index[i].Offset, (int)index[i].Length).ToArray();
            var pair = WarcReader.Read(slice);
            Assert.False(pair.TruncatedTail);
            Assert.Equal(["request", "response"], pair.Records.Select(r => r.Type));
            Assert.Equal($"http://portal.test/{i}.html", pair.Records[1].TargetUri);
            Assert.Equal(bodies[i], pair.Records[1].Payload);

            // A plain gzip decoder reads the request member alone, without the rest of the file.
            var requestMember = ReadOneGzipMember(slice);
            Assert.StartsWith("WARC/1.1\r\nWARC-Type: request\r\n", requestMember, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_torn_tail_is_skipped_by_the_reader_and_a_new_store_appends_to_a_new_file()
    {
        var first = new FileEvidenceStore(_root);
        var bodies = Enumerable.Range(1, 3).Select(i => Encoding.UTF8.GetBytes($"<p>记录{i}</p>" + new string('x', 200 * i))).ToList();
        foreach (var body in bodies)
            await first.SaveAsync(Get, body, CancellationToken.None);
        var torn = Assert.Single(WarcFiles());

        // A crash mid-write: the last member loses its end, the index its last line's end.
        var length = new FileInfo(torn).Length;
        await using (var stream = new FileStream(torn, FileMode.Open))
            stream.SetLength(length - 25);
        await File.AppendAllTextAsync(Path.Combine(WarcDir, WarcIndex.FileName), "{\"sha256\":\"ab");

        var read = WarcReader.ReadFile(torn);
        Assert.True(read.TruncatedTail);
        Assert.Equal(["warcinfo", "request", "response", "request", "response", "request"], read.Records.Select(r => r.Type));

        var second = new FileEvidenceStore(_root);
        var later = Encoding.UTF8.GetBytes("<p>重启之后</p>");
        await second.SaveAsync(Get, later, CancellationToken.None);

        var files = WarcFiles();
        Assert.Equal(2, files.Length);
        var fresh = WarcReader.ReadFile(files.Single(f => f != torn));
        Assert.False(fresh.TruncatedTail);
        Assert.Equal(["warcinfo", "request", "response"], fresh.Records.Select(r => r.Type));
        Assert.Equal(later, fresh.Records[2].Payload);
        Assert.Equal(length - 25, new FileInfo(torn).Length);

        // The torn index line is closed off, not merged into the next one.
        Assert.Equal([.. bodies.Select(Sha), Sha(later)], (await WarcIndex.ReadAsync(WarcDir)).Select(e => e.Sha256));

        // Export keeps what is whole and names what is not.
        var exported = Path.Combine(_root, "export.warc.gz");
        var result = await WarcExport.WriteAsync(_root, [Sha(bodies[0]), Sha(bodies[2]), Sha(later)], exported, At, [], CancellationToken.None);
        Assert.Equal([Sha(bodies[2])], result.WithoutRecords);
        Assert.Equal(2, result.Captures);
        Assert.Equal(5, WarcReader.ReadFile(exported).Records.Count);
    }

    [Fact]
    public async Task Hundred_parallel_saves_write_two_hundred_well_formed_records()
    {
        var store = new FileEvidenceStore(_root);
        var bodies = Enumerable.Range(0, 100).Select(i => Encoding.UTF8.GetBytes($"<p>并发{i}</p>" + new string('y', i * 37))).ToList();

        await Task.WhenAll(bodies.Select((body, i) => Task.Run(() =>
            store.SaveAsync(Get with { Url = $"http://portal.test/p/{i}.html" }, body, CancellationToken.None))));

        var records = WarcFiles().SelectMany(f =>
        {
            var read = WarcReader.ReadFile(f);
            Assert.False(read.TruncatedTail);
            return read.Records;
        }).Where(r => r.Type != "warcinfo").ToList();
        Assert.Equal(200, records.Count);
        var responses = records.Where(r => r.Type == "response").ToList();
        Assert.Equal(100, responses.Count);
        var requestsById = records.Where(r => r.Type == "request").ToDictionary(r => r.RecordId!);
        Assert.Equal(100, requestsById.Count);
        foreach (var response in responses)
        {
            var i = int.Parse(response.TargetUri!.Split('/')[^1].Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(bodies[i], response.Payload);
            Assert.Equal(Sha(bodies[i]), WarcDigest.ToHex(response.Header("WARC-Payload-Digest")));
            Assert.Equal(response.TargetUri, requestsById[response.ConcurrentTo!].TargetUri);
        }
        var index = await WarcIndex.ReadAsync(WarcDir);
        Assert.Equal(100, index.Count);
        Assert.Equal(100, index.Select(e => (e.File, e.Offset)).Distinct().Count());
    }

    [Fact]
    public async Task Two_stores_on_one_root_write_their_own_files_and_share_one_whole_index()
    {
        var stores = new[] { new FileEvidenceStore(_root), new FileEvidenceStore(_root) };

        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() =>
            stores[i % 2].SaveAsync(Get with { Url = $"http://portal.test/s/{i}.html" }, Encoding.UTF8.GetBytes($"双写{i}"), CancellationToken.None))));

        Assert.Equal(2, WarcFiles().Length);
        var index = await WarcIndex.ReadAsync(WarcDir);
        Assert.Equal(60, index.Count);
        Assert.Equal(60, (await File.ReadAllLinesAsync(Path.Combine(WarcDir, WarcIndex.FileName))).Length);
        foreach (var entry in index)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(WarcDir, entry.File));
            var pair = WarcReader.Read(bytes.AsSpan((int)entry.Offset, (int)entry.Length).ToArray());
            Assert.Equal(entry.Url, pair.Records[1].TargetUri);
            Assert.Equal(entry.Sha256, WarcDigest.ToHex(pair.Records[1].Header("WARC-Payload-Digest")));
        }
    }

    [Fact]
    public async Task Files_rotate_by_size_and_by_utc_day()
    {
        var store = new FileEvidenceStore(_root, warcFileBytes: 1);
        await store.SaveAsync(Get, [1], CancellationToken.None);
        await store.SaveAsync(Get, [2], CancellationToken.None);
        Assert.Equal(2, WarcFiles().Length);

        var daily = new FileEvidenceStore(Path.Combine(_root, "daily"));
        await daily.SaveAsync(Get, [1], CancellationToken.None);
        await daily.SaveAsync(Get, [2], CancellationToken.None);
        await daily.SaveAsync(Get with { FetchedAt = At.AddDays(1) }, [3], CancellationToken.None);
        var names = Directory.GetFiles(Path.Combine(_root, "daily", "warc"), "*.warc.gz").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, names.Count);
        Assert.StartsWith("monitor-20261201-", names[0], StringComparison.Ordinal);
        Assert.StartsWith("monitor-20261202-", names[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warc_writing_can_be_turned_off()
    {
        var store = new FileEvidenceStore(_root, writeWarc: false);
        var saved = await store.SaveAsync(Get, [1, 2, 3], CancellationToken.None);

        Assert.False(Directory.Exists(WarcDir));
        Assert.Equal([1, 2, 3], await store.ReadAsync(saved.Sha256));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY======")]
    [InlineData("foobar", "MZXW6YTBOI======")]
    public void Base32_is_rfc_4648_with_padding(string text, string expected)
    {
        Assert.Equal(expected, WarcDigest.Base32(Encoding.ASCII.GetBytes(text)));
        Assert.Equal(Encoding.ASCII.GetBytes(text), WarcDigest.FromBase32(expected));
    }

    /// <summary>Decompresses exactly one gzip member with the BCL's single-member zlib decoder.</summary>
    private static string ReadOneGzipMember(byte[] bytes)
    {
        // ZLibStream/DeflateStream stop at the end of the first deflate stream; skip the 10-byte gzip header we write.
        Assert.Equal([0x1f, 0x8b, 8], bytes[..3]);
        using var deflate = new DeflateStream(new MemoryStream(bytes, 10, bytes.Length - 10), CompressionMode.Decompress);
        using var text = new StreamReader(deflate, Encoding.UTF8);
        return text.ReadToEnd();
    }
}
