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

    private readonly WebApplication _app;
    private int _disposed;

    private SamplePortalServer(WebApplication app, GeneratedPortal portal, Uri baseUrl)
    {
        _app = app;
        Portal = portal;
        BaseUrl = baseUrl;
    }

    /// <summary>Root of the site, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Ground truth of what is served.</summary>
    public PortalManifest Manifest => Portal.Manifest;

    /// <summary>The generated portal being served.</summary>
    public GeneratedPortal Portal { get; }

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
        var stopping = app.Lifetime.ApplicationStopping;
        var faults = portal.Options.SourceFaults;

        app.MapPost(DataProxyPath, context => DataProxyAsync(context, portal, faults, stopping));
        app.MapMethods(DataProxyPath, [HttpMethods.Get, HttpMethods.Head], context =>
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = HttpMethods.Post;
            return Task.CompletedTask;
        });
        // Not the parameterless MapFallback: its pattern skips paths that look like files (*.html).
        app.MapFallback("{**path}", context => PageAsync(context, portal, faults, stopping));

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
        return new SamplePortalServer(app, portal, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));
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

    private static async Task PageAsync(HttpContext context, GeneratedPortal portal, IReadOnlyDictionary<string, SourceFaultMode> faults, CancellationToken stopping)
    {
        var request = context.Request;
        var key = request.Path.Value + request.QueryString.Value;
        var page = portal.Find(key);
        if (page is null)
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, "text/html; charset=utf-8", NotFoundBody).ConfigureAwait(false);
            return;
        }

        if (await MisbehaveAsync(context, faults, page.SourceId, stopping).ConfigureAwait(false))
        {
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return;
        }

        await WriteAsync(context, StatusCodes.Status200OK, page.ContentType, page.Body).ConfigureAwait(false);
    }

    private static async Task DataProxyAsync(HttpContext context, GeneratedPortal portal, IReadOnlyDictionary<string, SourceFaultMode> faults, CancellationToken stopping)
    {
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

        if (await MisbehaveAsync(context, faults, column.Column.Id, stopping).ConfigureAwait(false))
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
    private static async Task<bool> MisbehaveAsync(HttpContext context, IReadOnlyDictionary<string, SourceFaultMode> faults, string sourceId, CancellationToken stopping)
    {
        switch (faults.GetValueOrDefault(sourceId))
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
}
