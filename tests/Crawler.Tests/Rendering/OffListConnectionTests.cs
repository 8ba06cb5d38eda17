using System.Net;
using System.Net.Sockets;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;
using Monitor.Crawler.Rendering;
using Monitor.Crawler.Tests.Support;

namespace Monitor.Crawler.Tests.Rendering;

/// <summary>
/// Below request routing: resource hints (preconnect, prefetch, dns-prefetch) and WebSockets make Chromium open
/// connections without an HTTP request to intercept. A rendered page must not open even a TCP connection to a host
/// off the allow list, so a raw listener counts every connection attempt.
/// </summary>
public sealed class OffListConnectionTests : IAsyncLifetime
{
    private readonly TestSite _site = new();
    private readonly TcpListener _offList = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private KestrelSite _server = null!;
    private int _connections;
    private Task _accepting = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _offList.Start();
        _accepting = AcceptAsync();
        _server = await KestrelSite.StartAsync(_site);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _offList.Stop();
        await _accepting;
        await _server.DisposeAsync();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _offList.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    [ChromiumFact]
    public async Task Resource_hints_and_websockets_open_no_connection_off_the_allow_list()
    {
        var off = $"127.0.0.1:{((IPEndPoint)_offList.LocalEndpoint).Port}";
        _site.Route("/hints.html", _ => SiteResponse.Html($$"""
            <html><head>
            <link rel="preconnect" href="http://{{off}}">
            <link rel="dns-prefetch" href="http://{{off}}">
            <link rel="prefetch" href="http://{{off}}/next.html">
            <link rel="preload" as="script" href="http://{{off}}/x.js">
            </head><body><p>页面</p>
            <script>try { new WebSocket('ws://{{off}}/socket'); } catch (e) {}</script>
            <script>navigator.sendBeacon && navigator.sendBeacon('http://{{off}}/beacon', 'x');</script>
            </body></html>
            """));
        await using var renderer = new ChromiumRenderer(new BrowserOptions { ExecutablePath = ChromiumFactAttribute.Path }, new InMemoryEvidenceStore(), TimeProvider.System);

        var render = await renderer.RenderAsync(new Uri(_server.Root, "/hints.html"), new HostAllowList([_server.Root.Authority]), CancellationToken.None);

        Assert.True(render.Succeeded, render.Page.Error);
        Assert.Equal(0, Volatile.Read(ref _connections));
    }
}
