using System.Security.Cryptography;
using Monitor.Crawler;
using Monitor.Crawler.Evidence;

namespace Monitor.Host.Service;

/// <summary>Evidence that is hashed but not kept: availability probes measure reachability, their bodies prove nothing.</summary>
internal sealed class DiscardedEvidence : IEvidenceStore
{
    public static DiscardedEvidence Instance { get; } = new();

    public Task<EvidenceRecord> SaveAsync(CaptureInfo capture, byte[] body, CancellationToken ct) =>
        Task.FromResult(new EvidenceRecord(
            Convert.ToHexStringLower(SHA256.HashData(body)), capture.Url, capture.Method, capture.FetchedAt, capture.Status, capture.Headers, body.LongLength));

    public Task<byte[]?> ReadAsync(string sha256) => Task.FromResult<byte[]?>(null);
}
