using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monitor.Crawler.Tests.Support;

/// <summary>Serves a <see cref="TestSite"/> over real HTTP: Kestrel on 127.0.0.1 with a free port.</summary>
internal sealed class KestrelSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelSite(WebApplication app, Uri root) => (_app, Root) = (app, root);

    /// <summary>http://127.0.0.1:{port}/</summary>
    public Uri Root { get; }

    public int Port => Root.Port;

    public static async Task<KestrelSite> StartAsync(TestSite site)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context => ServeAsync(site, context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KestrelSite(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    private static async Task ServeAsync(TestSite site, HttpContext context)
    {
        var request = context.Request;
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync(context.RequestAborted))
                form[key] = value.ToString();
        }
        var (answer, inFlight) = site.Answer(new SiteRequest(
            request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? "", form,
            request.Headers.Referer.ToString() is { Length: > 0 } referer ? referer : null, request.Headers.UserAgent.ToString()));
        using (inFlight)
        {
            try
            {
                if (answer.Hang)
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                if (answer.Delay > TimeSpan.Zero)
                    await Task.Delay(answer.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            context.Response.StatusCode = answer.Status;
            if (answer.ContentType is not null)
                context.Response.ContentType = answer.ContentType;
            if (answer.Location is not null)
                context.Response.Headers.Location = answer.Location;
            // No Content-Length: large bodies go out chunked, so the size cap is tested on the stream, not the header.
            if (!HttpMethods.IsHead(request.Method) && answer.Body.Length > 0)
            {
                try
                {
                    for (var offset = 0; offset < answer.Body.Length; offset += 64 * 1024)
                        await context.Response.Body.WriteAsync(answer.Body.AsMemory(offset, Math.Min(64 * 1024, answer.Body.Length - offset)), context.RequestAborted);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException)
                {
                    // The client stopped reading (size cap): expected.
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
