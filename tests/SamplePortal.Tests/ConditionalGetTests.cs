using System.Net;
using System.Net.Http.Headers;
using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

/// <summary>Validators on every GET page, so the crawler's conditional requests can be tested against a real server.</summary>
public sealed class ConditionalGetTests
{
    [Theory]
    [InlineData("/index.html")]
    [InlineData("/col/col1229000070/data.json")]
    [InlineData("/wechat/ywfb/feed.xml")]
    [InlineData("/jyj/ywjy/index.html")]
    public async Task A_matching_etag_gets_304_without_a_body(string path)
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        using var first = await client.GetAsync(new Uri(path, UriKind.Relative));
        var etag = first.Headers.ETag!;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(etag.IsWeak);
        Assert.Matches("^\"[0-9a-f]{32}\"$", etag.Tag);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, second.Headers.ETag);
    }

    [Fact]
    public async Task If_modified_since_the_generation_time_gets_304_and_an_earlier_time_gets_200()
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        using var first = await client.GetAsync(new Uri("/xwzx/dtyw/index.html", UriKind.Relative));
        var lastModified = first.Content.Headers.LastModified!.Value;
        using var same = await SendAsync(client, "/xwzx/dtyw/index.html", r => r.Headers.IfModifiedSince = lastModified);
        using var earlier = await SendAsync(client, "/xwzx/dtyw/index.html", r => r.Headers.IfModifiedSince = lastModified.AddSeconds(-1));

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)), lastModified);
        Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);
        Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);
        Assert.NotEmpty(await earlier.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_different_etag_wins_over_a_matching_if_modified_since()
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        using var response = await SendAsync(client, "/index.html", r =>
        {
            r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0123456789abcdef0123456789abcdef\""));
            r.Headers.IfModifiedSince = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Etags_are_stable_across_servers_and_differ_between_pages()
    {
        await using var a = await SamplePortalServer.StartAsync(Some.Options());
        await using var b = await SamplePortalServer.StartAsync(Some.Options());
        using var clientA = new HttpClient { BaseAddress = a.BaseUrl };
        using var clientB = new HttpClient { BaseAddress = b.BaseUrl };

        var home = await ETagAsync(clientA, "/index.html");

        Assert.Equal(home, await ETagAsync(clientB, "/index.html"));
        Assert.NotEqual(home, await ETagAsync(clientA, "/xwzx/dtyw/index.html"));
    }

    [Fact]
    public async Task The_dataproxy_post_carries_no_validators()
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["columnid"] = "1229000002" });

        using var response = await client.PostAsync(new Uri(SamplePortalServer.DataProxyPath + "?startrecord=1&endrecord=30&perpage=10", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.ETag);
        Assert.Null(response.Content.Headers.LastModified);
    }

    private static async Task<string> ETagAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return response.Headers.ETag!.Tag;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, Action<HttpRequestMessage> headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        headers(request);
        return client.SendAsync(request);
    }
}
