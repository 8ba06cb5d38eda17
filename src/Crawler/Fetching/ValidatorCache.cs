namespace Monitor.Crawler.Fetching;

/// <summary>
/// What a server said about a page's version the last time it answered 200, and which stored body that answer was.
/// </summary>
/// <param name="Url">The URL the answer came from (a redirect's final hop).</param>
/// <param name="ETag">ETag header value, exactly as sent (quotes and W/ included); null when absent.</param>
/// <param name="LastModified">Last-Modified header value, exactly as sent; null when absent.</param>
/// <param name="Sha256">Evidence hash of the body stored for that answer.</param>
/// <param name="ContentType">Content-Type of that answer.</param>
/// <param name="Status">HTTP status of that answer (200).</param>
/// <param name="FetchedAt">When that answer was fetched (the evidence's capture time).</param>
/// <param name="Length">Body length in bytes.</param>
public sealed record CachedValidators(
    string Url,
    string? ETag,
    string? LastModified,
    string Sha256,
    string? ContentType,
    int Status,
    DateTimeOffset FetchedAt,
    long Length)
{
    /// <summary>At least one validator to send back.</summary>
    public bool CanRevalidate => ETag is not null || LastModified is not null;
}

/// <summary>
/// Validators per URL for conditional GETs (If-None-Match / If-Modified-Since). An I/O boundary: a JSON-lines file in
/// production (<see cref="FileValidatorCache"/>), memory in tests (<see cref="InMemoryValidatorCache"/>).
/// </summary>
public interface IValidatorCache
{
    /// <summary>The validators remembered for <paramref name="url"/>, or null.</summary>
    CachedValidators? Find(Uri url);

    /// <summary>Remembers (or replaces) the validators of <see cref="CachedValidators.Url"/>.</summary>
    void Remember(CachedValidators validators);
}
