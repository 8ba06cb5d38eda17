namespace Monitor.Host.Api;

/// <summary>
/// The <c>api:</c> section of deployment.yaml: the assessor API that <c>monitor serve</c> answers under <c>/api/v1</c>.
/// Every key is optional; the defaults below apply when the section or the key is absent.
/// </summary>
internal sealed record ApiOptions
{
    /// <summary>Whether <c>monitor serve</c> answers the API at all (<c>enabled</c>). Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Where Kestrel listens (<c>url</c>), e.g. <c>http://127.0.0.1:8480</c> (the default: loopback only; put a TLS reverse
    /// proxy in front to publish it). Port 0 picks a free port, which the start-up line and the log name.
    /// </summary>
    public Uri Url { get; init; } = new("http://127.0.0.1:8480");

    /// <summary>
    /// The address users reach the API at (<c>publicUrl</c>), used for the evidence links in exports and reports.
    /// Default: <see cref="Url"/>.
    /// </summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>Requests one key may make per minute before it is answered 429 (<c>rateLimit</c>); a key may carry its own. Default 600.</summary>
    public int RateLimitPerMinute { get; init; } = 600;

    /// <summary>
    /// Refused keys (invalid, unknown, revoked or expired) one client address may present per minute (<c>invalidKeyLimit</c>);
    /// beyond it the address is answered 429 without a key lookup until its bucket refills. Default 30.
    /// </summary>
    public int InvalidKeyLimitPerMinute { get; init; } = 30;

    /// <summary>Items per page when a request names none (<c>pageSize</c>). Default 100.</summary>
    public int DefaultPageSize { get; init; } = 100;

    /// <summary>Largest page a request may ask for (<c>maxPageSize</c>). Default 1000.</summary>
    public int MaxPageSize { get; init; } = 1000;

    /// <summary>How often the request log is written to the store (<c>requestLogFlush</c>). Default 1 second; a stop flushes it too.</summary>
    public TimeSpan RequestLogFlush { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long request-log rows are kept (<c>requestLogRetention</c>); older rows are deleted once an hour. Default 180 days,
    /// also the least allowed: 《网络安全法》第二十一条 requires network logs to be kept for no less than six months.
    /// </summary>
    public TimeSpan RequestLogRetention { get; init; } = MinimumRequestLogRetention;

    /// <summary>The shortest <see cref="RequestLogRetention"/> accepted: 180 days.</summary>
    public static readonly TimeSpan MinimumRequestLogRetention = TimeSpan.FromDays(180);

    /// <summary>The base for links users follow (evidence downloads in exports and the report).</summary>
    public Uri LinkBase => PublicUrl ?? Url;

    /// <summary>The problems of these values, in Chinese, each with its key (empty when valid).</summary>
    public IReadOnlyList<(string Key, string Message)> Validate()
    {
        var errors = new List<(string, string)>();
        if (Url.Scheme is not ("http" or "https") || Url.AbsolutePath != "/")
        {
            errors.Add(("url", "应为 http(s)://主机:端口 形式，不带路径"));
        }

        if (PublicUrl is { } p && p.Scheme is not ("http" or "https"))
        {
            errors.Add(("publicUrl", "应为 http(s) 地址"));
        }

        if (RateLimitPerMinute < 1)
        {
            errors.Add(("rateLimit", "应为正整数（每分钟请求数）"));
        }

        if (InvalidKeyLimitPerMinute < 1)
        {
            errors.Add(("invalidKeyLimit", "应为正整数（每分钟次数）"));
        }

        if (DefaultPageSize < 1 || DefaultPageSize > MaxPageSize)
        {
            errors.Add(("pageSize", "应在 1 到 maxPageSize 之间"));
        }

        if (MaxPageSize < 1 || MaxPageSize > 10_000)
        {
            errors.Add(("maxPageSize", "应在 1 到 10000 之间"));
        }

        if (RequestLogFlush < TimeSpan.FromMilliseconds(100) || RequestLogFlush > TimeSpan.FromMinutes(1))
        {
            errors.Add(("requestLogFlush", "应在 100 毫秒到 1 分钟之间"));
        }

        if (RequestLogRetention < MinimumRequestLogRetention)
        {
            errors.Add(("requestLogRetention", "应不短于 180 天（《网络安全法》第二十一条：网络日志留存不少于六个月）"));
        }

        return errors;
    }
}
