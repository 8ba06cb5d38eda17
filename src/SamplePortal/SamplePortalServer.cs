using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitor.SamplePortal.Generation;
using Monitor.SamplePortal.Rendering;

namespace Monitor.SamplePortal;

/// <summary>
/// Serves a <see cref="GeneratedPortal"/> with Kestrel on 127.0.0.1 and a free port. Quiet (no logging
/// providers, no configuration read from the environment). <see cref="DisposeAsync"/> stops it.
/// </summary>
public sealed class SamplePortalServer : IAsyncDisposable
{
    /// <summary>Path of the Hanweb data proxy (POST only).</summary>
    public const string DataProxyPath = "/module/web/jpage/dataproxy.jsp";

    private static readonly byte[] NotFoundBody = Encoding.UTF8.GetBytes(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>404</title></head><body><h1>404</h1><p>您访问的页面不存在。</p></body></html>\n");

    private static readonly byte[] ServerErrorBody = Encoding.UTF8.GetBytes(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>500</title></head><body><h1>500</h1><p>服务器内部错误。</p></body></html>\n");

    private static readonly byte[] UnavailableBody = Encoding.UTF8.GetBytes(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>503</title></head><body><h1>503</h1><p>服务暂时不可用，请稍后重试。</p></body></html>\n");

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _retryAfterCounts = new(StringComparer.Ordinal);
    private volatile Generation _current;
    private int _disposed;

    private SamplePortalServer(WebApplication app, GeneratedPortal portal)
    {
        _app = app;
        _current = new Generation(portal);
    }

    /// <summary>Root of the site, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Ground truth of what is served.</summary>
    public PortalManifest Manifest => Portal.Manifest;

    /// <summary>The generated portal being served (the latest one given to <see cref="Swap"/>).</summary>
    public GeneratedPortal Portal => _current.Portal;

    /// <summary>Counters of the requests answered since start or the last <see cref="RequestLog.Reset"/>.</summary>
    public RequestLog Requests { get; } = new();

    /// <summary>Generates the portal from <paramref name="options"/> and starts serving it.</summary>
    public static Task<SamplePortalServer> StartAsync(PortalOptions options, CancellationToken ct = default) =>
        StartAsync(PortalGenerator.Generate(options), ct);

    /// <summary>Starts serving an already generated portal (its <see cref="PortalOptions.SourceFaults"/> apply).</summary>
    public static async Task<SamplePortalServer> StartAsync(GeneratedPortal portal, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(portal);

        // The empty builder reads no appsettings, no environment variables and adds no loggers: the
        // sample portal must behave the same on every machine and keep test output clean.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(SamplePortalServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        var server = new SamplePortalServer(app, portal);
        var stopping = app.Lifetime.ApplicationStopping;

        // Counted when the response starts (before the client can see it, so a test that reads the log right after a
        // response sees that request), or at the end for requests dropped without any response.
        app.Use(async (context, next) =>
        {
            var counted = 0;
            context.Response.OnStarting(() =>
            {
                if (Interlocked.Exchange(ref counted, 1) == 0)
                {
                    server.Requests.Record(context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode, dropped: false);
                }

                return Task.CompletedTask;
            });
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                if (Interlocked.Exchange(ref counted, 1) == 0)
                {
                    server.Requests.Record(context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode, dropped: context.RequestAborted.IsCancellationRequested);
                }
            }
        });
        app.MapPost(DataProxyPath, context => server.DataProxyAsync(context, stopping));
        app.MapMethods(DataProxyPath, [HttpMethods.Get, HttpMethods.Head], context =>
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = HttpMethods.Post;
            return Task.CompletedTask;
        });
        // Not the parameterless MapFallback: its pattern skips paths that look like files (*.html).
        app.MapFallback("{**path}", context => server.PageAsync(context, stopping));

        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var port = new Uri(address).Port;
        server.BaseUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        return server;
    }

    /// <summary>
    /// Serves <paramref name="next"/> from now on, at the same port. It must come from the same options except
    /// <see cref="PortalOptions.WithdrawnDocuments"/> and <see cref="PortalOptions.EditedDocuments"/> (a later state of
    /// the same site). Requests already running finish with the portal they started with; the request log and the
    /// retry-after counters carry on.
    /// </summary>
    /// <exception cref="ArgumentException">The options differ in anything else; the message says what.</exception>
    public void Swap(GeneratedPortal next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var difference = LifecycleOnly(Portal.Options, next.Options);
        if (difference is not null)
        {
            throw new ArgumentException($"Swap needs a portal generated from the same options except the lifecycle sets; {difference} differs.", nameof(next));
        }

        _current = new Generation(next);
    }

    /// <summary>Stops the server; requests held by <see cref="SourceFaultMode.Hang"/> are released.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static string? LifecycleOnly(PortalOptions a, PortalOptions b)
    {
        if (a.Seed != b.Seed)
        {
            return "Seed";
        }

        if (a.AsOf != b.AsOf)
        {
            return "AsOf";
        }

        if (a.NewsPerColumn != b.NewsPerColumn)
        {
            return "NewsPerColumn";
        }

        if (!a.DisabledFaults.SetEquals(b.DisabledFaults))
        {
            return "DisabledFaults";
        }

        if (a.SourceFaults.Count != b.SourceFaults.Count || a.SourceFaults.Any(f => b.SourceFaults.GetValueOrDefault(f.Key) != f.Value))
        {
            return "SourceFaults";
        }

        if (a.FaultPages != b.FaultPages || a.FaultSlowDelay != b.FaultSlowDelay)
        {
            return "FaultPages/FaultSlowDelay";
        }

        return null;
    }

    private async Task PageAsync(HttpContext context, CancellationToken stopping)
    {
        var generation = _current;
        var portal = generation.Portal;
        var request = context.Request;
        var key = request.Path.Value + request.QueryString.Value;
        if (portal.Options.FaultPages && key.StartsWith("/faults/", StringComparison.Ordinal)
            && await FaultListAsync(context, generation, key, stopping).ConfigureAwait(false))
        {
            return;
        }

        var page = portal.Find(key);
        if (page is null)
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, "text/html; charset=utf-8", NotFoundBody).ConfigureAwait(false);
            return;
        }

        if (await MisbehaveAsync(context, portal.Options.SourceFaults.GetValueOrDefault(page.SourceId), stopping).ConfigureAwait(false))
        {
            return;
        }

        await ServeAsync(context, generation, page).ConfigureAwait(false);
    }

    /// <summary>A stored page with its validators: 304 without a body when the request's validators match.</summary>
    private static async Task ServeAsync(HttpContext context, Generation generation, PortalPage page)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return;
        }

        var etag = generation.ETag(page);
        var response = context.Response;
        response.Headers.ETag = etag;
        response.Headers.LastModified = page.LastModified.ToString("R", CultureInfo.InvariantCulture);
        if (ConditionalGet.NotModified(request, etag, page.LastModified))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        await WriteAsync(context, StatusCodes.Status200OK, page.ContentType, page.Body).ConfigureAwait(false);
    }

    /// <returns>True when the request was a fault-mode list page and has been answered (or dropped).</returns>
    private async Task<bool> FaultListAsync(HttpContext context, Generation generation, string key, CancellationToken stopping)
    {
        var portal = generation.Portal;
        var rest = key["/faults/".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }

        var kind = rest[..slash];
        var file = rest[(slash + 1)..];
        var isIndex = file == "index.html";
        switch (kind)
        {
            case FaultColumns.Slow when isIndex:
                if (!await DelayAsync(context, portal.Options.FaultSlowDelay, stopping).ConfigureAwait(false))
                {
                    return true;
                }

                return false;
            case FaultColumns.Timeout when isIndex:
                return await MisbehaveAsync(context, SourceFaultMode.Hang, stopping).ConfigureAwait(false);
            case FaultColumns.ServerError when isIndex:
                await WriteAsync(context, StatusCodes.Status500InternalServerError, "text/html; charset=utf-8", ServerErrorBody).ConfigureAwait(false);
                return true;
            case FaultColumns.RetryAfter when isIndex:
                if (_retryAfterCounts.AddOrUpdate(key, 1, static (_, n) => n + 1) > RetryAfterFailures)
                {
                    return false;
                }

                context.Response.Headers.RetryAfter = "1";
                await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "text/html; charset=utf-8", UnavailableBody).ConfigureAwait(false);
                return true;
            case FaultColumns.Reset when isIndex:
            case FaultColumns.Truncated when isIndex:
                await CutAsync(context, portal.Find(key)!, kind == FaultColumns.Reset).ConfigureAwait(false);
                return true;
            case FaultColumns.Loop when isIndex || key == FaultColumns.LoopSecondPath:
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = isIndex ? FaultColumns.LoopSecondPath : key.Replace("b.html", "index.html", StringComparison.Ordinal);
                return true;
            case FaultColumns.Huge when isIndex && portal.HugePage is { } huge:
                await StreamHugeAsync(context, huge).ConfigureAwait(false);
                return true;
            case FaultColumns.Endless when EndlessPage(file) is { } page:
                var column = FaultColumns.Column(kind);
                var target = portal.FaultArticles.First(a => a.Column.Id == column.Id);
                var html = Encoding.UTF8.GetBytes(FaultPages.Endless(column, portal.Options.Seed, portal.Options.AsOf, page, target.ListHref));
                await WriteAsync(context, StatusCodes.Status200OK, "text/html; charset=utf-8", html).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Failures the retry-after list answers (per path, per server lifetime) before it answers 200.</summary>
    public const int RetryAfterFailures = 2;

    private static long? EndlessPage(string file)
    {
        if (file == "index.html")
        {
            return 0;
        }

        if (file.StartsWith("index_", StringComparison.Ordinal) && file.EndsWith(".html", StringComparison.Ordinal)
            && long.TryParse(file.AsSpan(6, file.Length - 11), NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0)
        {
            return page;
        }

        return null;
    }

    /// <returns>False when the client gave up or the server is stopping (the connection has been aborted).</returns>
    private static async Task<bool> DelayAsync(HttpContext context, TimeSpan delay, CancellationToken stopping)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(delay, wait.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            context.Abort();
            return false;
        }
    }

    // Headers and part of the body, then the connection is cut: reset sends half the body, truncated all of it but
    // announces 4 KiB more. Either way the client sees fewer bytes than Content-Length.
    private static async Task CutAsync(HttpContext context, PortalPage page, bool reset)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = page.ContentType;
        response.ContentLength = page.Body.Length + (reset ? 0 : 4096);
        var sent = reset ? page.Body[..(page.Body.Length / 2)] : page.Body;
        await response.Body.WriteAsync(sent, context.RequestAborted).ConfigureAwait(false);
        await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        context.Abort();
    }

    // 20 MiB from one reused 64 KiB-ish block: the page is never held in memory whole.
    private static async Task StreamHugeAsync(HttpContext context, HugePage huge)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = huge.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var aborted = context.RequestAborted;
        await response.Body.WriteAsync(huge.Prefix, aborted).ConfigureAwait(false);
        for (var i = 0; i < huge.Repeats; i++)
        {
            await response.Body.WriteAsync(huge.Block, aborted).ConfigureAwait(false);
        }

        await response.Body.WriteAsync(huge.Suffix, aborted).ConfigureAwait(false);
    }

    private async Task DataProxyAsync(HttpContext context, CancellationToken stopping)
    {
        var portal = _current.Portal;
        var faults = portal.Options.SourceFaults;
        var query = context.Request.Query;
        var form = context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false)
            : null;
        if (!long.TryParse(form?["columnid"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var columnId)
            || !portal.HanwebColumns.TryGetValue(columnId, out var column))
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, "text/html; charset=utf-8", NotFoundBody).ConfigureAwait(false);
            return;
        }

        if (await MisbehaveAsync(context, faults.GetValueOrDefault(column.Column.Id), stopping).ConfigureAwait(false))
        {
            return;
        }

        if (!TryReadPositive(query["startrecord"], out var start)
            || !TryReadPositive(query["endrecord"], out var end)
            || !TryReadPositive(query["perpage"], out var perPage)
            || end < start)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes("参数错误")).ConfigureAwait(false);
            return;
        }

        // Records startrecord … endrecord + 1 (1-based): Hanweb answers one look-ahead record, so groups overlap by one.
        var xml = ListPages.Datastore(column.Records, start - 1, end - start + 2, perPage, xmlDeclaration: true);
        await WriteAsync(context, StatusCodes.Status200OK, "text/xml; charset=utf-8", Encoding.UTF8.GetBytes(xml)).ConfigureAwait(false);
    }

    private static bool TryReadPositive(Microsoft.Extensions.Primitives.StringValues value, out int number) =>
        int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;

    /// <returns>True when the source's fault mode has answered (or dropped) the request.</returns>
    private static async Task<bool> MisbehaveAsync(HttpContext context, SourceFaultMode mode, CancellationToken stopping)
    {
        switch (mode)
        {
            case SourceFaultMode.ServerError:
                await WriteAsync(context, StatusCodes.Status500InternalServerError, "text/html; charset=utf-8", ServerErrorBody).ConfigureAwait(false);
                return true;
            case SourceFaultMode.Hang:
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping))
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // The client gave up or the server is stopping: drop the connection without an answer.
                        context.Abort();
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, string contentType, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>One served generation with its ETag cache (hashes are computed on first request, then kept).</summary>
    private sealed class Generation(GeneratedPortal portal)
    {
        private readonly ConcurrentDictionary<string, string> _etags = new(StringComparer.Ordinal);

        public GeneratedPortal Portal { get; } = portal;

        public string ETag(PortalPage page) => _etags.GetOrAdd(page.Path, static (_, p) => ConditionalGet.StrongETag(p.Body.Span), page);
    }
}
