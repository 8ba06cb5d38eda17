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
/// <para>
/// Robustness: failures that may pass (429, 502, 503, 504, timeouts, network errors; a 500 once) are retried up to
/// <see cref="CrawlerOptions.MaxRetries"/> times after a full-jitter back-off or the server's Retry-After; each host has a
/// <see cref="CircuitBreaker"/>; GETs are conditional (If-None-Match / If-Modified-Since) when an
/// <see cref="IValidatorCache"/> knows the URL and the evidence store still has the body, and a 304 hands back that body.
/// </para>
/// </summary>
public sealed class PageFetcher
{
    private static readonly HttpRequestOptionsKey<AddressGuard> GuardKey = new("Monitor.Crawler.AddressGuard");

    private readonly HttpClient _http;
    private readonly CrawlerOptions _options;
    private readonly IEvidenceStore _evidence;
    private readonly TimeProvider _time;
    private readonly HostThrottle _throttle;
    private readonly CircuitBreaker _breaker;
    private readonly IValidatorCache? _validators;
    private readonly Random _random;
    private readonly Lock _randomLock = new();

    /// <param name="http">
    /// A client whose handler does not follow redirects itself (see <see cref="CreateHandler()"/>); its own Timeout is
    /// best left infinite because <see cref="CrawlerOptions.RequestTimeout"/> is applied here, per attempt.
    /// </param>
    /// <param name="validators">Validators for conditional GETs; null (the default) sends no conditional requests.</param>
    /// <param name="random">Source of the back-off jitter (default <see cref="Random.Shared"/>); tests pass a seeded one.</param>
    public PageFetcher(
        HttpClient http,
        CrawlerOptions options,
        HostAllowList allowedHosts,
        IEvidenceStore evidence,
        TimeProvider time,
        IValidatorCache? validators = null,
        Random? random = null)
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
        _breaker = new CircuitBreaker(options, time);
        _validators = validators;
        _random = random ?? Random.Shared;
        Guard = new AddressGuard(allowedHosts, options.AllowPrivateAddresses);
    }

    public HostAllowList AllowedHosts { get; }

    /// <summary>The address guard this fetcher's requests carry to the connection (see <see cref="CreateHandler()"/>).</summary>
    public AddressGuard Guard { get; }

    /// <summary>
    /// The handler the crawler expects: no automatic redirects, no cookies, decompression on, and connections opened by
    /// the <see cref="AddressGuard"/> that each request of a <see cref="PageFetcher"/> carries (requests sent by anything
    /// else connect unguarded). Pooled connections are per host and port, so share one handler between fetchers only when
    /// they trust the same hosts.
    /// </summary>
    public static SocketsHttpHandler CreateHandler() => CreateHandler(null);

    /// <summary>
    /// As <see cref="CreateHandler()"/>, but every connection is opened through <paramref name="guard"/>, whoever sends
    /// the request (null: the guard carried by the request, if any).
    /// </summary>
    public static SocketsHttpHandler CreateHandler(AddressGuard? guard) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = (context, ct) =>
        {
            var effective = guard ?? (context.InitialRequestMessage.Options.TryGetValue(GuardKey, out var carried) ? carried : null);
            return effective is not null ? effective.ConnectAsync(context, ct) : ConnectPlainAsync(context, ct);
        },
    };

    /// <summary>GET a page (conditionally when the validator cache knows it); the body (success or HTTP error) is stored as evidence.</summary>
    public Task<FetchResult> GetAsync(Uri url, CancellationToken ct, Uri? referer = null) =>
        FetchAsync(new Hop(url, HttpMethod.Get, null, referer), new Mode(_options.MaxResponseBytes, OverflowIsFailure: true, Capture: true, Conditional: true, External: false), ct);

    /// <summary>POST an url-encoded form (the Hanweb dataproxy) with a Referer; the body is stored as evidence.</summary>
    public Task<FetchResult> PostFormAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> form, Uri? referer, CancellationToken ct) =>
        FetchAsync(new Hop(url, HttpMethod.Post, form, referer), new Mode(_options.MaxResponseBytes, OverflowIsFailure: true, Capture: true, Conditional: false, External: false), ct);

    /// <summary>
    /// Checks that a link target answers: HEAD, then GET (reading at most <see cref="CrawlerOptions.LinkCheckMaxBytes"/>)
    /// when the server refuses HEAD with 405 or 501. Nothing is stored as evidence. With <paramref name="external"/>, the
    /// target and its redirects may be on any http(s) host (the address guard still applies); otherwise only on allowed hosts.
    /// </summary>
    public async Task<FetchResult> ProbeAsync(Uri url, CancellationToken ct, bool external = false)
    {
        var head = await FetchAsync(new Hop(url, HttpMethod.Head, null, null), new Mode(0, OverflowIsFailure: false, Capture: false, Conditional: false, external), ct).ConfigureAwait(false);
        if (head.Status is 405 or 501)
        {
            var get = await FetchAsync(new Hop(url, HttpMethod.Get, null, null), new Mode(_options.LinkCheckMaxBytes, OverflowIsFailure: false, Capture: false, Conditional: false, external), ct).ConfigureAwait(false);
            return get with { Attempts = head.Attempts + get.Attempts };
        }
        return head;
    }

    /// <summary>One fetch: attempts with back-off until one may not be retried or the retries are used up.</summary>
    private async Task<FetchResult> FetchAsync(Hop first, Mode mode, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (result, retryAfter, final) = await SendAsync(first, mode, ct).ConfigureAwait(false);
            result = result with { Attempts = attempt };
            if (final || !MayRetry(result, attempt) || attempt > _options.MaxRetries)
                return result;

            TimeSpan delay;
            if (retryAfter is { } asked)
            {
                if (asked > _options.MaxRetryAfter)
                {
                    return result with
                    {
                        Error = $"{result.Error}，服务器要求{Seconds(asked)}秒后重试（Retry-After），超过等待上限{Seconds(_options.MaxRetryAfter)}秒，未重试",
                    };
                }
                delay = asked;
            }
            else
            {
                delay = Backoff(attempt);
            }
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>429, 502, 503, 504, timeouts and network errors may pass; a 500 is given one more chance; nothing else is retried.</summary>
    private static bool MayRetry(FetchResult result, int attempt) => result.Outcome switch
    {
        FetchOutcome.Timeout => true,
        FetchOutcome.NetworkError => true,
        FetchOutcome.HttpError => result.Status is 429 or 502 or 503 or 504 || (result.Status == 500 && attempt == 1),
        _ => false,
    };

    /// <summary>Full jitter: uniform in [0, base × 2^(attempt-1)).</summary>
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        double share;
        lock (_randomLock)
            share = _random.NextDouble();
        return TimeSpan.FromMilliseconds(ceiling * share);
    }

    /// <summary>One attempt: the request and its redirect hops, under one <see cref="CrawlerOptions.RequestTimeout"/>.</summary>
    /// <returns>The result, the server's Retry-After, and whether retrying is pointless (a name that does not resolve).</returns>
    private async Task<(FetchResult Result, TimeSpan? RetryAfter, bool Final)> SendAsync(Hop first, Mode mode, CancellationToken ct)
    {
        var fetchedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var hop = first;
        var redirects = 0;
        // The host whose request is out; its circuit breaker hears how it ended.
        Uri? pending = null;

        (FetchResult, TimeSpan?, bool) Fail(FetchOutcome outcome, int? status, string error, string? contentType = null, bool final = false) =>
            (new FetchResult(first.Url, hop.Url, outcome, status, contentType, null, null, fetchedAt, _time.GetElapsedTime(started), error), null, final);

        void Settle(bool? failed)
        {
            if (pending is null)
                return;
            if (failed is { } f)
                _breaker.Record(pending, f);
            else
                _breaker.Abandon(pending);
            pending = null;
        }

        try
        {
            while (true)
            {
                if (mode.External ? !HostAllowList.IsHttp(hop.Url) : !AllowedHosts.Allows(hop.Url))
                    return Fail(FetchOutcome.Blocked, null, $"主机不在允许范围内：{hop.Url.Authority}");
                if (_breaker.Refusal(hop.Url) is { } refusal)
                    return Fail(FetchOutcome.CircuitOpen, null, refusal);
                pending = hop.Url;

                var stored = mode.Conditional && hop.Method == HttpMethod.Get ? await StoredAnswerAsync(hop.Url).ConfigureAwait(false) : null;
                using var lease = await _throttle.EnterAsync(hop.Url, linked.Token).ConfigureAwait(false);
                using var request = BuildRequest(hop, stored?.Validators);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                var contentType = response.Content.Headers.ContentType?.ToString();
                Settle(status >= 500);

                if (status == 304 && stored is { } known)
                    return (NotModified(first, hop, known, fetchedAt, started), null, false);

                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (redirects >= _options.MaxRedirects)
                        return Fail(FetchOutcome.TooManyRedirects, status, $"重定向超过{_options.MaxRedirects}次");
                    redirects++;
                    hop = NextHop(hop, status, location);
                    continue;
                }

                var (body, overflow) = await ReadCappedAsync(response.Content, mode.MaxBytes, linked.Token).ConfigureAwait(false);
                if (overflow && mode.OverflowIsFailure)
                    return Fail(FetchOutcome.TooLarge, status, $"响应超过大小上限（{_options.MaxResponseBytes}字节）", contentType);

                var success = status is >= 200 and < 300;
                EvidenceRecord? evidence = null;
                if (mode.Capture && (success || body.Length > 0))
                {
                    var info = new CaptureInfo(hop.Url.AbsoluteUri, hop.Method.Method, fetchedAt, status, CollectHeaders(response))
                    {
                        RequestHeaders = CollectHeaders(request),
                        RequestBody = hop.Form is null ? [] : await request.Content!.ReadAsByteArrayAsync(ct).ConfigureAwait(false),
                    };
                    evidence = await _evidence.SaveAsync(info, body, ct).ConfigureAwait(false);
                    if (success && hop.Method == HttpMethod.Get)
                        RememberValidators(hop.Url, response, evidence, contentType);
                }
                var result = new FetchResult(
                    first.Url, hop.Url, success ? FetchOutcome.Succeeded : FetchOutcome.HttpError, status, contentType,
                    mode.Capture ? body : null, evidence, fetchedAt, _time.GetElapsedTime(started),
                    success ? null : $"HTTP {status}");
                return (result, success ? null : RetryAfter(response), false);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Our own timeout (or the client's Timeout): not the caller's cancellation, so it is data.
            Settle(true);
            return Fail(FetchOutcome.Timeout, null, $"请求超时（{Seconds(_options.RequestTimeout)}秒）");
        }
        catch (HttpRequestException ex) when (!ct.IsCancellationRequested && FindRefusal(ex) is { } refused)
        {
            Settle(null);
            return Fail(FetchOutcome.Blocked, null, refused.Message);
        }
        catch (HttpRequestException ex) when (!ct.IsCancellationRequested)
        {
            Settle(true);
            return Fail(FetchOutcome.NetworkError, null, $"网络错误：{Describe(ex)}", final: IsNameNotResolved(ex));
        }
        catch (IOException ex) when (!ct.IsCancellationRequested)
        {
            Settle(true);
            return Fail(FetchOutcome.NetworkError, null, $"网络错误：{ex.Message}");
        }
        finally
        {
            // Cancelled by the caller (or anything unexpected): no verdict on the host, but its trial slot is freed.
            Settle(null);
        }
    }

    private async Task<StoredAnswer?> StoredAnswerAsync(Uri url)
    {
        if (_validators?.Find(url) is not { CanRevalidate: true } cached)
            return null;
        // Without the stored body a 304 would leave us with nothing to read: ask unconditionally.
        return await _evidence.ReadAsync(cached.Sha256).ConfigureAwait(false) is { } body ? new StoredAnswer(cached, body) : null;
    }

    private FetchResult NotModified(Hop first, Hop hop, StoredAnswer stored, DateTimeOffset fetchedAt, long started)
    {
        var v = stored.Validators;
        List<KeyValuePair<string, string>> headers = [];
        if (v.ContentType is not null)
            headers.Add(new("Content-Type", v.ContentType));
        if (v.ETag is not null)
            headers.Add(new("ETag", v.ETag));
        if (v.LastModified is not null)
            headers.Add(new("Last-Modified", v.LastModified));
        // The evidence is the stored answer the 304 confirmed: its bytes, hash and capture time.
        var evidence = new EvidenceRecord(v.Sha256, v.Url, HttpMethod.Get.Method, v.FetchedAt, v.Status, headers, stored.Body.LongLength);
        return new FetchResult(first.Url, hop.Url, FetchOutcome.Succeeded, 304, v.ContentType, stored.Body, evidence, fetchedAt, _time.GetElapsedTime(started), null)
        {
            NotModified = true,
        };
    }

    private void RememberValidators(Uri url, HttpResponseMessage response, EvidenceRecord evidence, string? contentType)
    {
        if (_validators is null)
            return;
        var etag = response.Headers.ETag?.ToString();
        var lastModified = response.Content.Headers.TryGetValues("Last-Modified", out var values) ? values.FirstOrDefault() : null;
        if (etag is null && lastModified is null && _validators.Find(url) is null)
            return;
        // Also written without validators when the URL had some: the old ones must not be sent for a new body.
        _validators.Remember(new CachedValidators(url.AbsoluteUri, etag, lastModified, evidence.Sha256, contentType, evidence.Status, evidence.FetchedAt, evidence.Length));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private HttpRequestMessage BuildRequest(Hop hop, CachedValidators? validators)
    {
        var request = new HttpRequestMessage(hop.Method, hop.Url);
        request.Options.Set(GuardKey, Guard);
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN,zh;q=0.9");
        if (validators?.ETag is { } etag)
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        if (validators?.LastModified is { } lastModified)
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
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

    /// <summary>The request headers as sent: values unparsed, so a User-Agent keeps its spaces rather than becoming a list.</summary>
    private static List<KeyValuePair<string, string>> CollectHeaders(HttpRequestMessage request)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in request.Headers.NonValidated)
            headers.Add(new(header.Key, header.Key.Equals("User-Agent", StringComparison.OrdinalIgnoreCase) ? string.Join(' ', header.Value) : string.Join(", ", header.Value)));
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers.NonValidated)
                headers.Add(new(header.Key, string.Join(", ", header.Value)));
        }
        return headers;
    }

    private static async ValueTask<Stream> ConnectPlainAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static AddressRefusedException? FindRefusal(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is AddressRefusedException refused)
                return refused;
        }
        return null;
    }

    private static bool IsNameNotResolved(HttpRequestException ex) =>
        ex.HttpRequestError == HttpRequestError.NameResolutionError
        || ex.InnerException is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData };

    private static string Describe(HttpRequestException ex) =>
        ex.InnerException is SocketException socket ? $"{socket.SocketErrorCode}（{ex.Message}）" : ex.Message;

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed record Hop(Uri Url, HttpMethod Method, IReadOnlyList<KeyValuePair<string, string>>? Form, Uri? Referer);

    /// <summary>How a fetch reads and keeps its answer.</summary>
    /// <param name="External">Hops may leave the allowed hosts (link checks of external links only).</param>
    private sealed record Mode(long MaxBytes, bool OverflowIsFailure, bool Capture, bool Conditional, bool External);

    private sealed record StoredAnswer(CachedValidators Validators, byte[] Body);
}
