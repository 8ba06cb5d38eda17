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

    /// <summary>
    /// A known, unchanged document is fetched again (conditionally: usually a 304) when its last fetch is older than this, so
    /// an edit of its text becomes a new version within this time. Default 1 day.
    /// </summary>
    public TimeSpan RecheckAfter { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Pagination stops at a list page made only of known documents whose list date is older than this before today.
    /// Default 30 days.
    /// </summary>
    public TimeSpan IncrementalWindow { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Extra attempts after a fetch failed in a way that may pass: 429, 502, 503, 504, a timeout or a network error (a
    /// name that does not resolve is not retried). A 500 is retried once at most; other 4xx/5xx answers never. Default 2;
    /// zero disables retries. <see cref="RequestTimeout"/> applies to each attempt.
    /// </summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>
    /// Back-off before retry n is a random time between zero and this × 2^(n-1) ("full jitter"), unless the server sent
    /// Retry-After. Default 1 second.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest Retry-After (delta seconds or HTTP date) waited for; a server asking for more is not retried and the fetch
    /// fails with its answer. Default 60 seconds.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Consecutive failed fetches (timeout, network error, 5xx; after retries) to one host that open its circuit breaker:
    /// further fetches to it end at once as <see cref="FetchOutcome.CircuitOpen"/>. Default 5.
    /// </summary>
    public int CircuitBreakerFailures { get; init; } = 5;

    /// <summary>How long an open circuit breaker refuses requests before one trial request is let through. Default 2 minutes.</summary>
    public TimeSpan CircuitBreakerCooldown { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Let links reach loopback, private, link-local and CGNAT addresses. Default false: only hosts on the allow list may
    /// resolve to such addresses (checked when the connection is opened, after DNS).
    /// </summary>
    public bool AllowPrivateAddresses { get; init; }

    /// <summary>
    /// Check links to hosts off the allow list too (HEAD, GET fallback; nothing stored, never crawled further). Links to
    /// literal or resolved private addresses are not checked. Default true.
    /// </summary>
    public bool CheckExternalLinks { get; init; } = true;

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
        if (MaxRetries is < 0 or > 10)
            errors.Add($"{nameof(MaxRetries)} must be between 0 and 10 (was {MaxRetries}).");
        if (RetryBaseDelay < TimeSpan.Zero)
            errors.Add($"{nameof(RetryBaseDelay)} must not be negative (was {RetryBaseDelay}).");
        if (MaxRetryAfter < TimeSpan.Zero)
            errors.Add($"{nameof(MaxRetryAfter)} must not be negative (was {MaxRetryAfter}).");
        if (CircuitBreakerFailures < 1)
            errors.Add($"{nameof(CircuitBreakerFailures)} must be at least 1 (was {CircuitBreakerFailures}).");
        if (CircuitBreakerCooldown <= TimeSpan.Zero)
            errors.Add($"{nameof(CircuitBreakerCooldown)} must be positive (was {CircuitBreakerCooldown}).");
        if (RecheckAfter < TimeSpan.Zero)
            errors.Add($"{nameof(RecheckAfter)} must not be negative (was {RecheckAfter}).");
        if (IncrementalWindow < TimeSpan.Zero)
            errors.Add($"{nameof(IncrementalWindow)} must not be negative (was {IncrementalWindow}).");
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
