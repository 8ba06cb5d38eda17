using System.Text.Json;

namespace Monitor.Crawler.Evidence;

/// <summary>
/// Evidence on disk: bytes at <c>{root}/objects/{sha[0..2]}/{sha}</c>, written once (temp file + move, so a
/// reader never sees half an object), and one JSON line per capture appended to <c>{root}/captures.jsonl</c>.
/// Unless turned off, each capture is also appended as a WARC/1.1 request + response record pair to
/// <c>{root}/warc/*.warc.gz</c> (indexed in <c>{root}/warc/index.jsonl</c>), whose payload digest is the object's
/// SHA-256: the standard archive form of the same bytes, readable by any WARC tool (docs/evidence.md).
/// </summary>
public sealed class FileEvidenceStore : IEvidenceStore
{
    /// <summary>Default size at which a WARC file is closed and the next one started: 100 MB (compressed bytes).</summary>
    public const long DefaultWarcFileBytes = 100L * 1024 * 1024;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly string _root;
    // Appends from parallel fetches must not interleave inside one line.
    private readonly SemaphoreSlim _logLock = new(1, 1);
    // Null when WARC writing is turned off.
    private readonly WarcWriter? _warc;

    /// <param name="root">Folder of the evidence (objects/, captures.jsonl, warc/).</param>
    /// <param name="writeWarc">Also write WARC records (default on).</param>
    /// <param name="warcFileBytes">Size in bytes after which a new WARC file is started (default 100 MB).</param>
    public FileEvidenceStore(string root, bool writeWarc = true, long warcFileBytes = DefaultWarcFileBytes)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(_root, "objects"));
        if (writeWarc)
            _warc = new WarcWriter(WarcDirectory, warcFileBytes);
    }

    /// <summary>Folder of the WARC files and their index.</summary>
    public string WarcDirectory => WarcDirectoryOf(_root);

    /// <summary>The WARC folder of the evidence root <paramref name="root"/>.</summary>
    public static string WarcDirectoryOf(string root) => Path.Combine(Path.GetFullPath(root), "warc");

    /// <summary>Path of the capture log.</summary>
    public string CaptureLogPath => Path.Combine(_root, "captures.jsonl");

    public async Task<EvidenceRecord> SaveAsync(CaptureInfo capture, byte[] body, CancellationToken ct)
    {
        var sha = ContentHash.Sha256Hex(body);
        var path = ObjectPath(sha);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            await File.WriteAllBytesAsync(temp, body, ct).ConfigureAwait(false);
            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another capture of the same content won the race; the content is identical by construction.
                File.Delete(temp);
            }
        }

        if (_warc is not null)
            await _warc.AppendAsync(capture, sha, body, ct).ConfigureAwait(false);

        var record = ContentHash.ToRecord(capture, sha, body.LongLength);
        var line = JsonSerializer.Serialize(new CaptureLine(
            record.Url, record.Method, record.FetchedAt, record.Status,
            record.Headers.Select(h => new[] { h.Key, h.Value }).ToArray(), record.Sha256, record.Length), JsonOptions);
        await _logLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await File.AppendAllTextAsync(CaptureLogPath, line + "\n", ct).ConfigureAwait(false);
        }
        finally
        {
            _logLock.Release();
        }
        return record;
    }

    public async Task<byte[]?> ReadAsync(string sha256)
    {
        if (!ContentHash.IsValid(sha256))
            return null;
        var path = ObjectPath(sha256);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path).ConfigureAwait(false) : null;
    }

    private string ObjectPath(string sha) => Path.Combine(_root, "objects", sha[..2], sha);

    private sealed record CaptureLine(
        string Url, string Method, DateTimeOffset Time, int Status, string[][] Headers, string Sha256, long Length);
}
