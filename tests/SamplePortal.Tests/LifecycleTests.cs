using System.Net;
using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

/// <summary>
/// Withdrawn and edited documents: the later states of the same site that removal detection and re-checks are
/// tested against. Guards that a variant changes exactly the pages it must, byte for byte.
/// </summary>
public sealed class LifecycleTests
{
    [Fact]
    public void A_withdrawn_article_leaves_its_page_and_lists_and_nothing_else_changes()
    {
        var before = Some.Portal();
        var article = before.Articles.Where(a => a.Column.Id == "dtyw").MinBy(a => a.PublishDate)!;
        var after = PortalGenerator.Generate(Some.Options() with { WithdrawnDocuments = Set(article.Path) });

        var changed = Changed(before, after);

        Assert.Null(after.Find(article.Path));
        Assert.DoesNotContain(after.Articles, a => a.Path == article.Path);
        Assert.Contains(article.Path, changed);
        Assert.All(changed, path => Assert.True(path == article.Path || path.StartsWith("/xwzx/dtyw/index", StringComparison.Ordinal), $"{path} changed"));
        Assert.All(after.Pages.Values.Where(p => p.Path.StartsWith("/xwzx/dtyw/index", StringComparison.Ordinal)), page =>
            Assert.DoesNotContain(article.Path[(article.Path.LastIndexOf('/') + 1)..], PageText.Decode(page), StringComparison.Ordinal));
        Assert.Equal(before.Manifest.ToJson(), after.Manifest.ToJson());
    }

    [Fact]
    public void A_withdrawn_homepage_news_item_also_leaves_the_homepage()
    {
        var before = Some.Portal(disabledFaults: PortalFaults.StaleHomepage);
        var newest = before.Articles.Where(a => a.Column.Id == "dtyw").MaxBy(a => a.PublishDate)!;
        var after = PortalGenerator.Generate(Some.Options(disabledFaults: PortalFaults.StaleHomepage) with { WithdrawnDocuments = Set(newest.Path) });

        Assert.Contains(newest.Path, PageText.Decode(before.Pages["/index.html"]), StringComparison.Ordinal);
        Assert.DoesNotContain(newest.Path, PageText.Decode(after.Pages["/index.html"]), StringComparison.Ordinal);
        Assert.All(Changed(before, after), path => Assert.True(
            path == newest.Path || path is "/" or "/index.html" || path.StartsWith("/xwzx/dtyw/index", StringComparison.Ordinal), $"{path} changed"));
    }

    [Fact]
    public void Withdrawn_hanweb_js_and_wechat_entries_leave_their_records_data_and_feeds()
    {
        var before = Some.Portal();
        var hanweb = before.Articles.First(a => a.Column.Id == "tzgg");
        var js = before.Articles.First(a => a.Column.Id == "xzfw-zwdt");
        var post = before.WeChatPosts.First(p => p.AccountId == "wx-ywjy");
        var after = PortalGenerator.Generate(Some.Options() with { WithdrawnDocuments = Set(hanweb.Path, js.Path, post.Path) });

        Assert.DoesNotContain(after.HanwebColumns[1229000002].Records, r => r.Contains(hanweb.Path, StringComparison.Ordinal));
        Assert.DoesNotContain(js.Path, PageText.Decode(after.Pages["/col/col1229000070/data.json"]), StringComparison.Ordinal);
        Assert.DoesNotContain(post.Path, PageText.Decode(after.Pages["/wechat/ywjy/atom.xml"]), StringComparison.Ordinal);
        Assert.DoesNotContain(post.Path, PageText.Decode(after.Pages["/wechat/ywjy/index.html"]), StringComparison.Ordinal);
        Assert.All(new[] { hanweb.Path, js.Path, post.Path }, path => Assert.Null(after.Find(path)));
        Assert.All(Changed(before, after), path => Assert.True(
            path == hanweb.Path || path == js.Path || path == post.Path
            || path is "/col/col1229000002/index.html" or "/col/col1229000070/data.json" or "/wechat/ywjy/atom.xml" or "/wechat/ywjy/index.html",
            $"{path} changed"));
    }

    [Fact]
    public void An_edited_article_gets_one_more_sentence_and_no_other_page_changes()
    {
        var before = Some.Portal();
        var article = before.Articles.First(a => a.Column.Id == "bzxzf" && a.Draft.Link is null);
        var post = before.WeChatPosts.First(p => !p.Deleted);
        var after = PortalGenerator.Generate(Some.Options() with { EditedDocuments = Set(article.Path, post.Path) });

        Assert.Equal(new[] { article.Path, post.Path }.Order(StringComparer.Ordinal), Changed(before, after).Order(StringComparer.Ordinal));
        var oldText = Flat(PageText.Body(PageText.Decode(before.Pages[article.Path])));
        var newText = Flat(PageText.Body(PageText.Decode(after.Pages[article.Path])));
        Assert.Equal(oldText + PortalGenerator.EditSentence, newText);
        Assert.Contains(PortalGenerator.EditSentence, PageText.Decode(after.Pages[post.Path]), StringComparison.Ordinal);
        Assert.Equal(PortalGenerator.RevisedAt(Some.AsOf), after.Pages[article.Path].LastModified);
        Assert.Equal(PortalGenerator.GeneratedAt(Some.AsOf), after.Pages["/index.html"].LastModified);
    }

    [Fact]
    public void Unknown_lifecycle_paths_are_rejected_with_the_path_named()
    {
        var error = Assert.Throws<ArgumentException>(() => PortalGenerator.Generate(Some.Options() with { EditedDocuments = Set("/no/such.html") }));

        Assert.Contains("EditedDocuments", error.Message, StringComparison.Ordinal);
        Assert.Contains("/no/such.html", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swap_serves_the_later_state_at_the_same_port()
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        var article = server.Portal.Articles.First(a => a.Column.Id == "zdbc");
        var listPath = "/zfxxgk/zdbc/index.html";
        var port = server.BaseUrl.Port;
        using var oldList = await client.GetAsync(new Uri(listPath, UriKind.Relative));
        var oldEtag = oldList.Headers.ETag!;
        using var oldHome = await client.GetAsync(new Uri("/index.html", UriKind.Relative));

        server.Swap(PortalGenerator.Generate(Some.Options() with { WithdrawnDocuments = Set(article.Path) }));

        using var gone = await client.GetAsync(new Uri(article.Path, UriKind.Relative));
        using var conditionalList = await Conditional(client, listPath, oldEtag);
        using var conditionalHome = await Conditional(client, "/index.html", oldHome.Headers.ETag!);
        Assert.Equal(port, server.BaseUrl.Port);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, conditionalList.StatusCode);
        Assert.DoesNotContain(article.ListHref, await conditionalList.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotModified, conditionalHome.StatusCode);
    }

    [Fact]
    public async Task Swap_refuses_a_portal_from_other_options()
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());

        var error = Assert.Throws<ArgumentException>(() => server.Swap(Some.Portal(seed: 7)));

        Assert.Contains("Seed", error.Message, StringComparison.Ordinal);
        Assert.Equal(42, server.Portal.Options.Seed);
    }

    private static Task<HttpResponseMessage> Conditional(HttpClient client, string path, System.Net.Http.Headers.EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.IfNoneMatch.Add(etag);
        return client.SendAsync(request);
    }

    private static string Flat(string text) => text.Replace("\n", "", StringComparison.Ordinal).Trim();

    private static HashSet<string> Set(params string[] paths) => new(paths, StringComparer.Ordinal);

    private static List<string> Changed(GeneratedPortal a, GeneratedPortal b) =>
        a.Pages.Keys.Union(b.Pages.Keys)
            .Where(path => !a.Pages.TryGetValue(path, out var x) || !b.Pages.TryGetValue(path, out var y) || !x.Body.Span.SequenceEqual(y.Body.Span))
            .ToList();
}
