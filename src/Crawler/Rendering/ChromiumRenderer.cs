using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;

namespace Monitor.Crawler.Rendering;

/// <summary>
/// Renders pages in the system's Chromium through Playwright. One browser per instance, launched on the first render
/// (a scan without script-built pages never starts it); at most <see cref="BrowserOptions.MaxPages"/> pages at once,
/// each in a fresh browser context (no cookies or storage shared between renders). Every request a page makes is
/// routed: hosts on the allow list continue, everything else (third-party scripts, loopback, private addresses
/// unless listed) is aborted before it is sent; WebSockets likewise; service workers are blocked so nothing bypasses
/// the routing. When the executable is missing or the launch fails, every render returns
/// <see cref="RenderResult.BrowserUnavailable"/> with a reason starting 浏览器不可用 (the launch is not retried: the
/// cause is the machine, and one scan should not pay the launch timeout per page).
/// </summary>
public sealed class ChromiumRenderer : IPageRenderer
{
    // Debian's Chromium, headless, with nothing phoning home (tech-notes); WebRTC may not reach private addresses.
    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
        "--dns-prefetch-disable", "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    ];

    private readonly BrowserOptions _options;
    private readonly IEvidenceStore _evidence;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly Lock _launchLock = new();
    // The browser of this instance: started on first use; replaced once when it has gone away (crashed, killed).
    private Task<Launch>? _launch;
    private int _disposed;

    public ChromiumRenderer(BrowserOptions options, IEvidenceStore evidence, TimeProvider time)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        _options = options;
        _evidence = evidence;
        _time = time;
        _slots = new SemaphoreSlim(options.MaxPages, options.MaxPages);
    }

    /// <summary>True once the browser was asked for (a render happened); false for a scan that needed none.</summary>
    public bool Started => Volatile.Read(ref _launch) is not null;

    public async Task<RenderResult> RenderAsync(Uri url, HostAllowList allowedHosts, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var fetchedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var seconds = _options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

        RenderResult Fail(FetchOutcome outcome, string error, int? status = null, Uri? finalUrl = null) =>
            new(new FetchResult(url, finalUrl ?? url, outcome, status, null, null, null, fetchedAt, _time.GetElapsedTime(started), error));

        if (!allowedHosts.Allows(url))
            return Fail(FetchOutcome.Blocked, $"主机不在允许范围内：{url.Authority}");

        var launch = await BrowserAsync().WaitAsync(ct).ConfigureAwait(false);
        if (launch.Browser is null)
            return Fail(FetchOutcome.NetworkError, launch.Error!) with { BrowserUnavailable = true };

        if (!await _slots.WaitAsync(_options.Timeout, ct).ConfigureAwait(false))
            return Fail(FetchOutcome.Timeout, $"浏览器繁忙：等待空闲页面超过{seconds}秒");
        IBrowserContext? context = null;
        var blocked = new ConcurrentQueue<Uri>();
        try
        {
            context = await launch.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                AcceptDownloads = false,
                ServiceWorkers = ServiceWorkerPolicy.Block,
                Locale = "zh-CN",
                TimezoneId = "Asia/Shanghai",
                UserAgent = _options.UserAgent,
            }).WaitAsync(_options.Timeout, ct).ConfigureAwait(false);
            var ms = (float)_options.Timeout.TotalMilliseconds;
            context.SetDefaultTimeout(ms);
            context.SetDefaultNavigationTimeout(ms);
            await context.RouteAsync("**/*", route =>
            {
                if (Uri.TryCreate(route.Request.Url, UriKind.Absolute, out var target) && allowedHosts.Allows(target))
                    return route.ContinueAsync();
                if (target is not null)
                    blocked.Enqueue(target);
                return route.AbortAsync("blockedbyclient");
            }).WaitAsync(_options.Timeout, ct).ConfigureAwait(false);
            await context.RouteWebSocketAsync(_ => true, socket =>
            {
                var target = Uri.TryCreate(socket.Url, UriKind.Absolute, out var u) ? u : null;
                var asHttp = target is null ? null : new UriBuilder(target) { Scheme = target.Scheme == "wss" ? "https" : "http", Port = target.Port }.Uri;
                if (asHttp is not null && allowedHosts.Allows(asHttp))
                {
                    socket.ConnectToServer();
                    return;
                }
                if (target is not null)
                    blocked.Enqueue(target);
                // Not connected to any server: the page's socket only ever talks to this route, which closes it.
                _ = socket.CloseAsync();
            }).WaitAsync(_options.Timeout, ct).ConfigureAwait(false);

            var page = await context.NewPageAsync().WaitAsync(_options.Timeout, ct).ConfigureAwait(false);
            var response = await page.GotoAsync(url.AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = ms })
                .WaitAsync(ct).ConfigureAwait(false);

            // Script-built lists appear once their data requests are done; a page that keeps polling never goes idle,
            // and then the DOM as it stands when the time is up is what we read.
            var left = _options.Timeout - _time.GetElapsedTime(started);
            var idleWait = (float)Math.Max(1000, left.TotalMilliseconds);
            try
            {
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new PageWaitForLoadStateOptions { Timeout = idleWait })
                    .WaitAsync(ct).ConfigureAwait(false);
            }
            catch (System.TimeoutException)
            {
                // Not idle in time: read what is there (see above).
            }
            var html = await page.ContentAsync().WaitAsync(_options.Timeout, ct).ConfigureAwait(false);
            var finalUrl = Uri.TryCreate(page.Url, UriKind.Absolute, out var f) ? f : url;
            var status = response?.Status ?? 200;
            var body = Encoding.UTF8.GetBytes(html);
            IReadOnlyList<KeyValuePair<string, string>> headers = response is null ? [] : [.. response.Headers];
            var capture = new CaptureInfo(finalUrl.AbsoluteUri, "RENDER", fetchedAt, status, headers);
            var evidence = await _evidence.SaveAsync(capture, body, ct).ConfigureAwait(false);
            var success = status is >= 200 and < 300;
            var fetch = new FetchResult(
                url, finalUrl, success ? FetchOutcome.Succeeded : FetchOutcome.HttpError, status, "text/html; charset=utf-8",
                body, evidence, fetchedAt, _time.GetElapsedTime(started), success ? null : $"HTTP {status}");
            return new RenderResult(fetch) { BlockedRequests = [.. blocked] };
        }
        catch (System.TimeoutException) when (!ct.IsCancellationRequested)
        {
            return Fail(FetchOutcome.Timeout, $"页面渲染超时（{seconds}秒）") with { BlockedRequests = [.. blocked] };
        }
        catch (PlaywrightException ex) when (!ct.IsCancellationRequested)
        {
            return Fail(FetchOutcome.NetworkError, $"页面渲染失败：{FirstLine(ex.Message)}") with { BlockedRequests = [.. blocked] };
        }
        finally
        {
            if (context is not null)
                await CloseQuietlyAsync(context).ConfigureAwait(false);
            _slots.Release();
        }
    }

    /// <summary>
    /// The running browser, launching it on first use. A browser that has disconnected since (crash, OOM kill) is
    /// launched again, so a long-running service recovers; a launch that failed stays failed (the machine lacks it).
    /// </summary>
    private async Task<Launch> BrowserAsync()
    {
        Task<Launch> current;
        lock (_launchLock)
            current = _launch ??= Task.Run(LaunchAsync);
        var launch = await current.ConfigureAwait(false);
        if (launch.Browser is null && launch.Transient)
        {
            // A launch that timed out (a loaded machine) is tried again by the next render; a missing program is not.
            lock (_launchLock)
            {
                if (ReferenceEquals(_launch, current))
                    _launch = null;
            }
            return launch;
        }
        if (launch.Browser is null || launch.Browser.IsConnected)
            return launch;
        var replaced = false;
        lock (_launchLock)
        {
            if (ReferenceEquals(_launch, current))
            {
                _launch = Task.Run(LaunchAsync);
                replaced = true;
            }
            current = _launch;
        }
        if (replaced)
            launch.Playwright?.Dispose();
        return await current.ConfigureAwait(false);
    }

    private async Task<Launch> LaunchAsync()
    {
        if (!File.Exists(_options.ExecutablePath))
            return new Launch(null, null, $"浏览器不可用：未找到浏览器程序 {_options.ExecutablePath}");
        IPlaywright? playwright = null;
        try
        {
            playwright = await Playwright.CreateAsync().WaitAsync(_options.LaunchTimeout).ConfigureAwait(false);
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = _options.ExecutablePath,
                Headless = true,
                Args = Args,
                Timeout = (float)_options.LaunchTimeout.TotalMilliseconds,
                HandleSIGINT = false,
                HandleSIGTERM = false,
                HandleSIGHUP = false,
            }).WaitAsync(_options.LaunchTimeout).ConfigureAwait(false);
            return new Launch(playwright, browser, null);
        }
        catch (System.TimeoutException ex)
        {
            playwright?.Dispose();
            return new Launch(null, null, $"浏览器不可用：启动超时（{FirstLine(ex.Message)}）") { Transient = true };
        }
        catch (Exception ex) when (ex is PlaywrightException or IOException or InvalidOperationException
            or System.ComponentModel.Win32Exception)
        {
            playwright?.Dispose();
            return new Launch(null, null, $"浏览器不可用：启动失败（{FirstLine(ex.Message)}）");
        }
    }

    private async Task CloseQuietlyAsync(IBrowserContext context)
    {
        try
        {
            await context.CloseAsync().WaitAsync(_options.Timeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PlaywrightException or System.TimeoutException)
        {
            // The browser went away (crash, shutdown): the context is gone with it; the render's result stands.
        }
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] : line;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Task<Launch>? started;
        lock (_launchLock)
            started = _launch;
        if (started is null)
            return;
        var launch = await started.ConfigureAwait(false);
        if (launch.Browser is not null)
        {
            try
            {
                await launch.Browser.CloseAsync().WaitAsync(_options.Timeout).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is PlaywrightException or System.TimeoutException)
            {
                // Already gone; disposing Playwright below ends the driver process either way.
            }
        }
        launch.Playwright?.Dispose();
        _slots.Dispose();
    }

    private sealed record Launch(IPlaywright? Playwright, IBrowser? Browser, string? Error)
    {
        /// <summary>The launch failed for a passing reason (timed out); the next render tries again.</summary>
        public bool Transient { get; init; }
    }
}
