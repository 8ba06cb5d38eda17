using System.Collections.Concurrent;
using System.Text;

namespace Monitor.Crawler.Tests.Support;

/// <summary>A request as a test site sees it, whichever transport carried it.</summary>
internal sealed record SiteRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Form, string? Referer, string? UserAgent);

/// <summary>A scripted answer. <see cref="Hang"/> answers never; <see cref="Delay"/> answers late.</summary>
internal sealed record SiteResponse(int Status, byte[] Body, string? ContentType = "text/html; charset=utf-8", string? Location = null)
{
    public bool Hang { get; init; }
    public TimeSpan Delay { get; init; }

    public static SiteResponse Html(string html, int status = 200) => new(status, Encoding.UTF8.GetBytes(html));
    public static SiteResponse Redirect(string location, int status = 302) => new(status, [], null, location);
    public static SiteResponse NotFound() => Html("<html><body>404 页面不存在</body></html>", 404);
}

/// <summary>
/// A scripted web site served the same way by a stub <see cref="HttpMessageHandler"/> and by real Kestrel, so one
/// set of tests runs against both. Records every request and the most requests ever in flight at once.
/// </summary>
internal sealed class TestSite
{
    private readonly Dictionary<string, Func<SiteRequest, SiteResponse>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SiteRequest> _requests = new();
    private int _inFlight;
    private int _maxInFlight;

    public TestSite Route(string path, Func<SiteRequest, SiteResponse> answer)
    {
        _routes[path] = answer;
        return this;
    }

    public TestSite Route(string path, SiteResponse response) => Route(path, _ => response);

    public IReadOnlyList<SiteRequest> Requests => [.. _requests];

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int Count(string path) => _requests.Count(r => r.Path == path);

    /// <summary>Answers a request; the caller keeps the in-flight count by disposing the returned scope when done.</summary>
    public (SiteResponse Response, IDisposable InFlight) Answer(SiteRequest request)
    {
        _requests.Enqueue(request);
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }
        var response = _routes.TryGetValue(request.Path, out var route) ? route(request) : SiteResponse.NotFound();
        return (response, new Release(this));
    }

    private sealed class Release(TestSite site) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref site._inFlight);
    }
}
