using System.Net;
using System.Text;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;

namespace Monitor.Crawler.Tests.Fetching;

/// <summary>
/// The address guard: which addresses are forbidden, and that the refusal happens when the connection is opened (after
/// DNS), so a name that resolves to loopback is refused even though it is not an IP literal.
/// </summary>
public sealed class AddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("fe80::1")]
    [InlineData("febf::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:192.168.0.1")]
    [InlineData("::127.0.0.1")]
    public void Loopback_private_link_local_cgnat_and_multicast_are_forbidden(string address) =>
        Assert.True(AddressGuard.IsForbidden(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("59.111.160.244")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("169.253.0.1")]
    [InlineData("11.0.0.1")]
    [InlineData("2400:3200::1")]
    [InlineData("fec0::1")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.False(AddressGuard.IsForbidden(IPAddress.Parse(address)), address);

    [Fact]
    public async Task Trusted_hosts_may_resolve_anywhere_others_only_to_public_addresses()
    {
        var guard = new AddressGuard(new HostAllowList(["portal.test", "127.0.0.1:8080"]), false, Resolve);

        Assert.Equal([IPAddress.Loopback], await guard.PermittedAddressesAsync("portal.test", 80, CancellationToken.None));
        Assert.Equal([IPAddress.Loopback], await guard.PermittedAddressesAsync("127.0.0.1", 8080, CancellationToken.None));
        await Assert.ThrowsAsync<AddressRefusedException>(() => guard.PermittedAddressesAsync("127.0.0.1", 9090, CancellationToken.None));
        await Assert.ThrowsAsync<AddressRefusedException>(() => guard.PermittedAddressesAsync("rebind.test", 80, CancellationToken.None));
        // A name with one private address among public ones is refused as a whole.
        await Assert.ThrowsAsync<AddressRefusedException>(() => guard.PermittedAddressesAsync("mixed.test", 80, CancellationToken.None));
        Assert.Equal([IPAddress.Parse("8.8.8.8")], await guard.PermittedAddressesAsync("public.test", 80, CancellationToken.None));
        Assert.Equal("目标地址为本机或内网地址，已拒绝连接：rebind.test（127.0.0.1）", await guard.RefusalAsync(new Uri("http://rebind.test/"), CancellationToken.None));
        Assert.NotNull(await guard.RefusalAsync(new Uri("http://10.0.0.1/"), CancellationToken.None));
        Assert.Null(await guard.RefusalAsync(new Uri("http://public.test/"), CancellationToken.None));
    }

    [Fact]
    public async Task Allowing_private_addresses_turns_the_guard_off()
    {
        var guard = new AddressGuard(new HostAllowList([]), true, Resolve);

        Assert.Equal([IPAddress.Loopback], await guard.PermittedAddressesAsync("rebind.test", 80, CancellationToken.None));
        Assert.Null(await guard.RefusalAsync(new Uri("http://10.0.0.1/"), CancellationToken.None));
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_when_the_connection_is_opened()
    {
        var hits = 0;
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            Interlocked.Increment(ref hits);
            return context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("secret")).AsTask();
        });
        var guard = new AddressGuard(new HostAllowList(["portal.test"]), false, Resolve);
        using var http = new HttpClient(PageFetcher.CreateHandler(guard));

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://rebind.test:{server.Port}/")));

        Assert.IsType<AddressRefusedException>(ex.InnerException);
        Assert.Equal(0, hits);
        // The same server through a trusted name is reached: the guard refuses addresses, not the transport.
        using var ok = await http.GetAsync(new Uri($"http://portal.test:{server.Port}/"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1, hits);
    }

    [Fact]
    public async Task The_fetcher_carries_its_guard_so_an_external_probe_to_localhost_is_blocked_without_a_request()
    {
        await using var server = await ScriptedServer.StartAsync(context => context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("secret")).AsTask());
        using var http = new HttpClient(PageFetcher.CreateHandler());
        var options = new CrawlerOptions { PerHostMinDelay = TimeSpan.Zero, MaxRetries = 0 };
        var fetcher = new PageFetcher(http, options, new HostAllowList(["portal.test"]), new InMemoryEvidenceStore(), TimeProvider.System);

        var result = await fetcher.ProbeAsync(new Uri($"http://localhost:{server.Port}/x.html"), CancellationToken.None, external: true);

        Assert.Equal(FetchOutcome.Blocked, result.Outcome);
        Assert.StartsWith("目标地址为本机或内网地址，已拒绝连接：localhost", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);

        var open = new PageFetcher(http, options with { AllowPrivateAddresses = true }, new HostAllowList(["portal.test"]), new InMemoryEvidenceStore(), TimeProvider.System);
        var allowed = await open.ProbeAsync(new Uri($"http://127.0.0.1:{server.Port}/x.html"), CancellationToken.None, external: true);
        Assert.Equal(FetchOutcome.Succeeded, allowed.Outcome);
        Assert.Single(server.Requests);
    }

    private static Task<IPAddress[]> Resolve(string host, CancellationToken ct) => Task.FromResult<IPAddress[]>(host switch
    {
        "portal.test" or "rebind.test" => [IPAddress.Loopback],
        "mixed.test" => [IPAddress.Parse("8.8.8.8"), IPAddress.Parse("192.168.1.10")],
        "public.test" => [IPAddress.Parse("8.8.8.8")],
        _ => throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound),
    });
}
