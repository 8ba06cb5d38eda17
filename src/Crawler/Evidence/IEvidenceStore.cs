namespace Monitor.Crawler.Evidence;

/// <summary>
/// Keeps the exact bytes of every fetch, content-addressed by SHA-256, and a record of each capture.
/// An I/O boundary, hence an interface: files in production, memory in tests.
/// </summary>
public interface IEvidenceStore
{
    /// <summary>Stores <paramref name="body"/> (once per distinct content) and records the capture; returns the record.</summary>
    Task<EvidenceRecord> SaveAsync(CaptureInfo capture, byte[] body, CancellationToken ct);

    /// <summary>The bytes stored under <paramref name="sha256"/> (lower hex), or null when unknown.</summary>
    Task<byte[]?> ReadAsync(string sha256);
}

/// <summary>What came with captured bytes: where, how and when they were fetched.</summary>
public sealed record CaptureInfo(
    string Url,
    string Method,
    DateTimeOffset FetchedAt,
    int Status,
    IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>Headers of the request that was sent (for the WARC request record).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RequestHeaders { get; init; } = [];

    /// <summary>Body of the request (a POSTed form), empty for GET.</summary>
    public byte[] RequestBody { get; init; } = [];
}

internal static class ContentHash
{
    public static string Sha256Hex(byte[] body) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body));

    public static EvidenceRecord ToRecord(CaptureInfo capture, string sha, long length) =>
        new(sha, capture.Url, capture.Method, capture.FetchedAt, capture.Status, capture.Headers, length);

    /// <summary>A sha is only used as a path once it is exactly 64 lower hex digits (no path tricks).</summary>
    public static bool IsValid(string sha) =>
        sha.Length == 64 && sha.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
