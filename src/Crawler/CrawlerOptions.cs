namespace Monitor.Crawler;

/// <summary>Limits and politeness settings of the crawler. Every value has a safe default.</summary>
public sealed record CrawlerOptions
{
    /// <summary>Whole time allowed for one fetch (all redirect hops and the body). Default 15 seconds.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Requests in flight to one host at a time. Default 2.</summary>
    public int PerHostConcurrency { get; init; } = 2;

    /// <summary>Minimum time between the starts of two requests to one host. Default 500 milliseconds; zero disables it.</summary>
    public TimeSpan PerHostMinDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Largest response body read, in bytes; a larger answer is <see cref="FetchOutcome.TooLarge"/>. Default 10 MiB.</summary>
    public long MaxResponseBytes { get; init; } = 10L * 1024 * 1024;

    /// <summary>Redirect hops followed for one fetch before it ends as <see cref="FetchOutcome.TooManyRedirects"/>. Default 5.</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>List pages (TRS pages, Hanweb groups, generic next pages) fetched per source, first page included. Default 200.</summary>
    public int MaxListPages { get; init; } = 200;

    /// <summary>List entries kept (and articles fetched) per source. Default 5000.</summary>
    public int MaxArticlesPerSource { get; init; } = 5000;

    /// <summary>Articles of one source fetched at once (the per-host limit still applies). Default 4.</summary>
    public int ArticleConcurrency { get; init; } = 4;

    /// <summary>Bytes read of a GET answer when a link check falls back from HEAD. Default 4096.</summary>
    public int LinkCheckMaxBytes { get; init; } = 4096;

    /// <summary>A known, unchanged document is fetched again when its last fetch is older than this. Default 7 days.</summary>
    public TimeSpan RecheckAfter { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Pagination stops at a list page made only of known documents whose list date is older than this before today.
    /// Default 30 days.
    /// </summary>
    public TimeSpan IncrementalWindow { get; init; } = TimeSpan.FromDays(30);

    /// <summary>User-Agent header sent with every request.</summary>
    public string UserAgent { get; init; } = "Mozilla/5.0 (compatible; GovDisclosureMonitor/1.0)";

    /// <summary>
    /// Hosts the crawler may request (<c>host</c> or <c>host:port</c>, case-insensitive). Empty (the default) means the
    /// hosts of the configured sources. Links and redirects to any other host are never requested.
    /// </summary>
    public IReadOnlySet<string> AllowedHosts { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks every value; each error names its key. Empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RequestTimeout <= TimeSpan.Zero)
            errors.Add($"{nameof(RequestTimeout)} must be positive (was {RequestTimeout}).");
        if (PerHostConcurrency < 1)
            errors.Add($"{nameof(PerHostConcurrency)} must be at least 1 (was {PerHostConcurrency}).");
        if (PerHostMinDelay < TimeSpan.Zero)
            errors.Add($"{nameof(PerHostMinDelay)} must not be negative (was {PerHostMinDelay}).");
        if (MaxResponseBytes < 1)
            errors.Add($"{nameof(MaxResponseBytes)} must be at least 1 (was {MaxResponseBytes}).");
        if (MaxRedirects < 0)
            errors.Add($"{nameof(MaxRedirects)} must not be negative (was {MaxRedirects}).");
        if (MaxListPages < 1)
            errors.Add($"{nameof(MaxListPages)} must be at least 1 (was {MaxListPages}).");
        if (MaxArticlesPerSource < 0)
            errors.Add($"{nameof(MaxArticlesPerSource)} must not be negative (was {MaxArticlesPerSource}).");
        if (ArticleConcurrency < 1)
            errors.Add($"{nameof(ArticleConcurrency)} must be at least 1 (was {ArticleConcurrency}).");
        if (LinkCheckMaxBytes < 0)
            errors.Add($"{nameof(LinkCheckMaxBytes)} must not be negative (was {LinkCheckMaxBytes}).");
        if (string.IsNullOrWhiteSpace(UserAgent))
            errors.Add($"{nameof(UserAgent)} must not be empty.");
        foreach (var host in AllowedHosts)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Contains('/', StringComparison.Ordinal))
                errors.Add($"{nameof(AllowedHosts)} entry '{host}' is not a host name (expected host or host:port).");
        }
        return errors;
    }
}
