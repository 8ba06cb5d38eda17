using Microsoft.Extensions.Time.Testing;
using Monitor.Crawler.Fetching;

namespace Monitor.Crawler.Tests.Fetching;

/// <summary>Per-host politeness, on fake time: nothing here waits on the wall clock.</summary>
public sealed class HostThrottleTests
{
    private static readonly Uri PortalA = new("http://portal.test/a.html");
    private static readonly Uri PortalB = new("http://portal.test/b.html");
    private static readonly Uri Other = new("http://other.test/a.html");

    [Fact]
    public async Task Second_request_to_a_host_starts_only_after_the_minimum_delay()
    {
        var time = new FakeTimeProvider();
        var throttle = new HostThrottle(new CrawlerOptions { PerHostConcurrency = 4, PerHostMinDelay = TimeSpan.FromMilliseconds(500) }, time);

        using var first = await throttle.EnterAsync(PortalA, CancellationToken.None);
        var second = throttle.EnterAsync(PortalB, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(second.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1));
        (await second).Dispose();
    }

    [Fact]
    public async Task Other_hosts_are_not_delayed()
    {
        var time = new FakeTimeProvider();
        var throttle = new HostThrottle(new CrawlerOptions { PerHostMinDelay = TimeSpan.FromSeconds(10) }, time);

        using var first = await throttle.EnterAsync(PortalA, CancellationToken.None);
        var other = throttle.EnterAsync(Other, CancellationToken.None);

        Assert.True(other.IsCompleted);
        (await other).Dispose();
    }

    [Fact]
    public async Task No_more_than_the_per_host_concurrency_is_let_through_until_one_leaves()
    {
        var throttle = new HostThrottle(new CrawlerOptions { PerHostConcurrency = 2, PerHostMinDelay = TimeSpan.Zero }, new FakeTimeProvider());

        var first = await throttle.EnterAsync(PortalA, CancellationToken.None);
        using var second = await throttle.EnterAsync(PortalA, CancellationToken.None);
        var third = throttle.EnterAsync(PortalA, CancellationToken.None);
        Assert.False(third.IsCompleted);

        first.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task Cancelled_wait_gives_its_slot_back()
    {
        var time = new FakeTimeProvider();
        var throttle = new HostThrottle(new CrawlerOptions { PerHostConcurrency = 1, PerHostMinDelay = TimeSpan.FromSeconds(1) }, time);
        (await throttle.EnterAsync(PortalA, CancellationToken.None)).Dispose();
        using var cts = new CancellationTokenSource();

        var waiting = throttle.EnterAsync(PortalA, cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        time.Advance(TimeSpan.FromSeconds(2));
        (await throttle.EnterAsync(PortalA, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }
}
