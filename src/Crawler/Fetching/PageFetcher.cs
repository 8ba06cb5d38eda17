using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Monitor.Crawler.Evidence;

namespace Monitor.Crawler.Fetching;

/// <summary>
/// Fetches pages politely and returns every failure as data (<see cref="FetchResult.Outcome"/>): timeouts, network
/// errors, HTTP errors, oversized bodies, redirect loops and redirects off the allowed hosts never throw. Only the
/// caller's cancellation does (<see cref="OperationCanceledException"/>). Redirects are followed here, not by the
/// handler, so that each hop is checked against <see cref="HostAllowList"/> and counted.
/// </summary>
public sealed class PageFetcher
{
    private readonly HttpClient _http;
    private readonly CrawlerOptions _options;
    private readonly IEvidenceStore _evidence;
    private readonly TimeProvider _time;
    private readonly HostThrottle _throttle;

    /// <param name="http">
    /// A client whose handler does not follow redirects itself (see <see cref="CreateHandler"/>); its own Timeout is
    /// best left infinite because <see cref="CrawlerOptions.RequestTimeout"/> is applied here.
    /// </param>
    public PageFetcher(HttpClient http, CrawlerOptions options, HostAllowList allowedHosts, IEvidenceStore evidence, TimeProvider time)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        _http = http;
        _options = options;
        AllowedHosts = allowedHosts;
        _evidence = evidence;
        _time = time;
        _throttle = new HostThrottle(options, time);
    }

    public HostAllowList AllowedHosts { get; }

    /// <summary>The handler the crawler expects: no automatic redirects, no cookies, decompression on.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>GET a page; the body (success or HTTP error) is stored as evidence.</summary>
    public Task<FetchResult> GetAsync(Uri url, CancellationToken ct, Uri? referer = null) =>
        SendAsync(new Hop(url, HttpMethod.Get, null, referer), _options.MaxResponseBytes, overflowIsFailure: true, capture: true, ct);

    /// <summary>POST an url-encoded form (the Hanweb dataproxy) with a Referer; the body is stored as evidence.</summary>
    public Task<FetchResult> PostFormAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> form, Uri? referer, CancellationToken ct) =>
        SendAsync(new Hop(url, HttpMethod.Post, form, referer), _options.MaxResponseBytes, overflowIsFailure: true, capture: true, ct);

    /// <summary>
    /// Checks that a link target answers: HEAD, then GET (reading at most <see cref="CrawlerOptions.LinkCheckMaxBytes"/>)
    /// when the server refuses HEAD with 405 or 501. Nothing is stored as evidence.
    /// </summary>
    public async Task<FetchResult> ProbeAsync(Uri url, CancellationToken ct)
    {
        var head = await SendAsync(new Hop(url, HttpMethod.Head, null, null), 0, overflowIsFailure: false, capture: false, ct).ConfigureAwait(false);
        if (head.Status is 405 or 501)
            return await SendAsync(new Hop(url, HttpMethod.Get, null, null), _options.LinkCheckMaxBytes, overflowIsFailure: false, capture: false, ct).ConfigureAwait(false);
        return head;
    }

    private async Task<FetchResult> SendAsync(Hop first, long maxBytes, bool overflowIsFailure, bool capture, CancellationToken ct)
    {
        var fetchedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var hop = first;
        var redirects = 0;

        FetchResult Fail(FetchOutcome outcome, int? status, string error, string? contentType = null) =>
            new(first.Url, hop.Url, outcome, status, contentType, null, null, fetchedAt, _time.GetElapsedTime(started), error);

        try
        {
            while (true)
            {
                if (!AllowedHosts.Allows(hop.Url))
                    return Fail(FetchOutcome.Blocked, null, $"主机不在允许范围内：{hop.Url.Authority}");

                using var lease = await _throttle.EnterAsync(hop.Url, linked.Token).ConfigureAwait(false);
                using var request = BuildRequest(hop);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                var contentType = response.Content.Headers.ContentType?.ToString();

                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (redirects >= _options.MaxRedirects)
                        return Fail(FetchOutcome.TooManyRedirects, status, $"重定向超过{_options.MaxRedirects}次");
                    redirects++;
                    hop = NextHop(hop, status, location);
                    continue;
                }

                var (body, overflow) = await ReadCappedAsync(response.Content, maxBytes, linked.Token).ConfigureAwait(false);
                if (overflow && overflowIsFailure)
                    return Fail(FetchOutcome.TooLarge, status, $"响应超过大小上限（{_options.MaxResponseBytes}字节）", contentType);

                var success = status is >= 200 and < 300;
                EvidenceRecord? evidence = null;
                if (capture && (success || body.Length > 0))
                {
                    var info = new CaptureInfo(hop.Url.AbsoluteUri, hop.Method.Method, fetchedAt, status, CollectHeaders(response));
                    evidence = await _evidence.SaveAsync(info, body, ct).ConfigureAwait(false);
                }
                return new FetchResult(
                    first.Url, hop.Url, success ? FetchOutcome.Succeeded : FetchOutcome.HttpError, status, contentType,
                    capture ? body : null, evidence, fetchedAt, _time.GetElapsedTime(started),
                    success ? null : $"HTTP {status}");
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Our own timeout (or the client's Timeout): not the caller's cancellation, so it is data.
            return Fail(FetchOutcome.Timeout, null, $"请求超时（{_options.RequestTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}秒）");
        }
        catch (HttpRequestException ex) when (!ct.IsCancellationRequested)
        {
            return Fail(FetchOutcome.NetworkError, null, $"网络错误：{Describe(ex)}");
        }
        catch (IOException ex) when (!ct.IsCancellationRequested)
        {
            return Fail(FetchOutcome.NetworkError, null, $"网络错误：{ex.Message}");
        }
    }

    private HttpRequestMessage BuildRequest(Hop hop)
    {
        var request = new HttpRequestMessage(hop.Method, hop.Url);
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN,zh;q=0.9");
        if (hop.Referer is not null)
            request.Headers.Referrer = hop.Referer;
        if (hop.Form is not null)
            request.Content = new FormUrlEncodedContent(hop.Form);
        return request;
    }

    private static Hop NextHop(Hop hop, int status, Uri location)
    {
        var target = location.IsAbsoluteUri ? location : new Uri(hop.Url, location);
        // 303 always becomes GET; 301/302 turn a POST into GET as browsers do; 307/308 keep method and body.
        var becomesGet = status == 303 || (status is 301 or 302 && hop.Method == HttpMethod.Post);
        return becomesGet && hop.Method != HttpMethod.Head
            ? new Hop(target, HttpMethod.Get, null, hop.Referer)
            : hop with { Url = target };
    }

    private static async Task<(byte[] Body, bool Overflow)> ReadCappedAsync(HttpContent content, long maxBytes, CancellationToken ct)
    {
        if (content.Headers.ContentLength is { } declared && declared > maxBytes)
            return ([], true);
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var room = (int)Math.Min(chunk.Length, maxBytes - buffer.Length + 1);
            if (room <= 0)
                return (buffer.ToArray(), true);
            var read = await stream.ReadAsync(chunk.AsMemory(0, room), ct).ConfigureAwait(false);
            if (read == 0)
                return (buffer.ToArray(), false);
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
                return (buffer.ToArray()[..(int)maxBytes], true);
        }
    }

    private static List<KeyValuePair<string, string>> CollectHeaders(HttpResponseMessage response) =>
    [
        .. response.Headers.Concat<KeyValuePair<string, IEnumerable<string>>>(response.Content.Headers)
            .Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value))),
    ];

    private static string Describe(HttpRequestException ex) =>
        ex.InnerException is SocketException socket ? $"{socket.SocketErrorCode}（{ex.Message}）" : ex.Message;

    private sealed record Hop(Uri Url, HttpMethod Method, IReadOnlyList<KeyValuePair<string, string>>? Form, Uri? Referer);
}
