using System.Text.Json;

namespace Monitor.Crawler.Evidence;

/// <summary>
/// Evidence on disk: bytes at <c>{root}/objects/{sha[0..2]}/{sha}</c>, written once (temp file + move, so a
/// reader never sees half an object), and one JSON line per capture appended to <c>{root}/captures.jsonl</c>.
/// </summary>
public sealed class FileEvidenceStore : IEvidenceStore
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly string _root;
    // Appends from parallel fetches must not interleave inside one line.
    private readonly SemaphoreSlim _logLock = new(1, 1);

    public FileEvidenceStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(_root, "objects"));
    }

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
