using System.Net;
using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

public sealed class RequestLogTests
{
    [Fact]
    public async Task Counts_requests_by_status_method_and_path_and_resets()
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        (await client.GetAsync(new Uri("/index.html", UriKind.Relative))).Dispose();
        (await client.GetAsync(new Uri("/index.html", UriKind.Relative))).Dispose();
        (await client.GetAsync(new Uri("/no/such.html", UriKind.Relative))).Dispose();
        using (var head = new HttpRequestMessage(HttpMethod.Head, new Uri("/xwzx/dtyw/index.html", UriKind.Relative)))
        {
            (await client.SendAsync(head)).Dispose();
        }

        var counts = server.Requests.Snapshot();
        server.Requests.Reset();
        (await client.GetAsync(new Uri("/index.html", UriKind.Relative))).Dispose();
        var after = server.Requests.Snapshot();

        Assert.Equal(4, counts.Total);
        Assert.Equal(3, counts.Status(200));
        Assert.Equal(1, counts.Status(404));
        Assert.Equal(3, counts.ByMethod["GET"]);
        Assert.Equal(1, counts.ByMethod["HEAD"]);
        Assert.Equal(2, counts.Path("/index.html"));
        Assert.Equal(0, counts.Dropped);
        Assert.Equal(1, after.Total);
        Assert.Equal(1, after.Status(200));
        Assert.Equal(0, after.Status(404));
    }

    [Fact]
    public async Task Concurrent_requests_are_all_counted()
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var response = await client.GetAsync(new Uri(i % 2 == 0 ? "/index.html" : "/missing.html", UriKind.Relative), ct);
            Assert.Equal(i % 2 == 0 ? HttpStatusCode.OK : HttpStatusCode.NotFound, response.StatusCode);
        });

        var counts = server.Requests.Snapshot();
        Assert.Equal(200, counts.Total);
        Assert.Equal(100, counts.Status(200));
        Assert.Equal(100, counts.Status(404));
    }
}
