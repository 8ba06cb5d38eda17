using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Monitor.Crawler.Evidence;

namespace Monitor.Crawler.Tests.Evidence;

public sealed class FileEvidenceStoreTests : IDisposable
{
    private static readonly CaptureInfo Capture = new(
        "http://portal.test/a.html", "GET", new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(8)), 200,
        [new("Content-Type", "text/html; charset=GBK")]);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "crawler-evidence-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Bytes_are_stored_once_under_their_sha256_and_read_back()
    {
        var store = new FileEvidenceStore(_root);
        var body = Encoding.UTF8.GetBytes("<html>证据</html>");
        var sha = Convert.ToHexStringLower(SHA256.HashData(body));

        var first = await store.SaveAsync(Capture, body, CancellationToken.None);
        var second = await store.SaveAsync(Capture with { Url = "http://portal.test/b.html" }, body, CancellationToken.None);

        Assert.Equal(sha, first.Sha256);
        Assert.Equal(sha, second.Sha256);
        Assert.Equal(body, await File.ReadAllBytesAsync(Path.Combine(_root, "objects", sha[..2], sha)));
        Assert.Single(Directory.GetFiles(Path.Combine(_root, "objects"), "*", SearchOption.AllDirectories));
        Assert.Equal(body, await store.ReadAsync(sha));
    }

    [Fact]
    public async Task Every_capture_appends_one_json_line_with_url_method_time_status_headers_sha_and_length()
    {
        var store = new FileEvidenceStore(_root);
        var body = new byte[] { 0xD5, 0xFE, 0xCE, 0xF1 };

        var record = await store.SaveAsync(Capture, body, CancellationToken.None);
        await store.SaveAsync(Capture with { Method = "POST", Status = 500 }, body, CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(store.CaptureLogPath);
        Assert.Equal(2, lines.Length);
        using var json = JsonDocument.Parse(lines[0]);
        var root = json.RootElement;
        Assert.Equal("http://portal.test/a.html", root.GetProperty("url").GetString());
        Assert.Equal("GET", root.GetProperty("method").GetString());
        Assert.Equal(Capture.FetchedAt, root.GetProperty("time").GetDateTimeOffset());
        Assert.Equal(200, root.GetProperty("status").GetInt32());
        Assert.Equal("text/html; charset=GBK", root.GetProperty("headers")[0][1].GetString());
        Assert.Equal(record.Sha256, root.GetProperty("sha256").GetString());
        Assert.Equal(4, root.GetProperty("length").GetInt64());
        Assert.Contains("\"POST\"", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("../../etc/passwd")]
    [InlineData("")]
    public async Task Unknown_or_malformed_sha_reads_as_null(string sha)
    {
        Assert.Null(await new FileEvidenceStore(_root).ReadAsync(sha));
    }

    [Fact]
    public async Task In_memory_store_hashes_the_same_way()
    {
        var store = new InMemoryEvidenceStore();
        var body = Encoding.UTF8.GetBytes("同样的字节");

        var record = await store.SaveAsync(Capture, body, CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), record.Sha256);
        Assert.Equal(body, await store.ReadAsync(record.Sha256));
        Assert.Equal([record], store.Captures);
    }
}
