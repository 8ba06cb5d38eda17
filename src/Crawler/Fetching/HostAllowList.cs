namespace Monitor.Crawler.Fetching;

/// <summary>
/// The hosts the crawler may talk to. Anything else found in a page or a redirect is never requested, so a
/// hostile page cannot make us probe loopback, private addresses or third-party sites.
/// </summary>
public sealed class HostAllowList
{
    private readonly HashSet<string> _entries;

    public HostAllowList(IEnumerable<string> entries)
    {
        _entries = new HashSet<string>(entries.Select(e => e.Trim()), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The configured hosts, or, when none are configured, the hosts of the sources.</summary>
    public static HostAllowList From(CrawlerOptions options, IEnumerable<Uri> sourceUrls) =>
        options.AllowedHosts.Count > 0
            ? new HostAllowList(options.AllowedHosts)
            : new HostAllowList(sourceUrls.Select(u => u.IdnHost));

    public IReadOnlyCollection<string> Entries => _entries;

    /// <summary>True for http(s) URLs whose host (or host:port) is listed.</summary>
    public bool Allows(Uri url) =>
        IsHttp(url) && Allows(url.IdnHost, url.Port);

    /// <summary>True when <paramref name="host"/> or <c>host:port</c> is listed.</summary>
    public bool Allows(string host, int port) =>
        _entries.Contains(host) || _entries.Contains($"{host}:{port}");

    /// <summary>An absolute http or https URL (links to mailto:, javascript:, ftp: … are never requested).</summary>
    public static bool IsHttp(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}
