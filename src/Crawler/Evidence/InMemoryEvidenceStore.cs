using System.Collections.Concurrent;

namespace Monitor.Crawler.Evidence;

/// <summary>Evidence kept in memory, for tests and for the demo run.</summary>
public sealed class InMemoryEvidenceStore : IEvidenceStore
{
    private readonly ConcurrentDictionary<string, byte[]> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<EvidenceRecord> _captures = new();

    /// <summary>Every capture recorded so far, in order.</summary>
    public IReadOnlyList<EvidenceRecord> Captures => [.. _captures];

    public Task<EvidenceRecord> SaveAsync(CaptureInfo capture, byte[] body, CancellationToken ct)
    {
        var sha = ContentHash.Sha256Hex(body);
        _objects.TryAdd(sha, body.ToArray());
        var record = ContentHash.ToRecord(capture, sha, body.LongLength);
        _captures.Enqueue(record);
        return Task.FromResult(record);
    }

    public Task<byte[]?> ReadAsync(string sha256) =>
        Task.FromResult(_objects.TryGetValue(sha256, out var bytes) ? bytes.ToArray() : null);
}
