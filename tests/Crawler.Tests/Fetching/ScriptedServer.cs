using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monitor.Crawler.Tests.Fetching;

/// <summary>A request as <see cref="ScriptedServer"/> saw it, with the headers the fetch layer cares about.</summary>
internal sealed record SeenRequest(string Method, string Path, string? IfNoneMatch, string? IfModifiedSince, string LocalAddress);

/// <summary>
/// Real HTTP on loopback (Kestrel, free port) answering through a delegate that may set any header (ETag, Retry-After …),
/// for the fetch-layer tests that <c>TestSite</c> cannot express. Records every request.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SeenRequest> _requests = new();

    private ScriptedServer(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:{port}/</summary>
    public Uri Root { get; private set; } = null!;

    public int Port => Root.Port;

    public IReadOnlyList<SeenRequest> Requests => [.. _requests];

    public int Count(string path) => _requests.Count(r => r.Path == path);

    /// <param name="answer">Writes the response; the request is already recorded.</param>
    /// <param name="alsoOn">More loopback addresses to listen on (e.g. 127.0.0.2), same port not guaranteed: each gets its own free port.</param>
    public static async Task<ScriptedServer> StartAsync(Func<HttpContext, Task> answer, params IPAddress[] alsoOn)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            foreach (var address in alsoOn)
                k.Listen(address, 0);
        });
        var app = builder.Build();
        var server = new ScriptedServer(app);
        app.Run(context =>
        {
            var r = context.Request;
            server._requests.Enqueue(new SeenRequest(
                r.Method, r.Path.Value ?? "/",
                r.Headers.IfNoneMatch.ToString() is { Length: > 0 } inm ? inm : null,
                r.Headers.IfModifiedSince.ToString() is { Length: > 0 } ims ? ims : null,
                context.Connection.LocalIpAddress?.ToString() ?? ""));
            return answer(context);
        });
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.Root = new Uri(addresses.First(a => a.Contains("127.0.0.1", StringComparison.Ordinal)).TrimEnd('/') + "/");
        server.Addresses = [.. addresses.Select(a => new Uri(a.TrimEnd('/') + "/"))];
        return server;
    }

    /// <summary>Every address listened on.</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
