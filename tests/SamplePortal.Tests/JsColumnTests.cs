using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

/// <summary>
/// The script-built column (<c>xzfw-zwdt</c>): a static fetch must see no entries, so that only a browser (or a
/// crawler that reads <c>data.json</c>) finds them.
/// </summary>
public sealed class JsColumnTests
{
    private const string ListPath = "/col/col1229000070/index.html";
    private const string DataPath = "/col/col1229000070/data.json";

    [Fact]
    public void The_list_html_holds_no_entries_but_a_script_that_fetches_data_json()
    {
        var portal = Some.Portal();
        var source = portal.Sources.Single(s => s.Id == "xzfw-zwdt");
        var html = PageText.Decode(portal.Pages[ListPath]);

        Assert.Equal(("政务动态", "js", ListPath, "xzfw", "动态要闻", true), (source.Name, source.Family, source.Path, source.DepartmentId, source.ColumnType, source.NeedsScript));
        Assert.Contains("<ul id=\"list\" class=\"list\"></ul>", html, StringComparison.Ordinal);
        Assert.Contains($"fetch('{DataPath}'", html, StringComparison.Ordinal);
        Assert.Empty(PageText.ListEntries(ListPath, html));
        Assert.DoesNotContain("/art/", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_json_lists_fresh_entries_newest_first_whose_pages_are_ordinary_articles()
    {
        var portal = Some.Portal();
        var page = portal.Pages[DataPath];
        var entries = JsonDocument.Parse(page.Body).RootElement.EnumerateArray()
            .Select(e => (Title: e.GetProperty("title").GetString()!, Url: e.GetProperty("url").GetString()!, Date: DateOnly.ParseExact(e.GetProperty("date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)))
            .ToList();

        Assert.Equal("application/json; charset=utf-8", page.ContentType);
        Assert.InRange(entries.Count, 15, 25);
        Assert.Equal(Some.AsOf.AddDays(-1), entries[0].Date);
        Assert.Equal(entries.OrderByDescending(e => e.Date).Select(e => e.Url), entries.Select(e => e.Url));
        Assert.All(entries, e =>
        {
            var html = PageText.Decode(portal.Pages[e.Url]);
            Assert.Matches("^/art/\\d{4}/\\d{1,2}/\\d{1,2}/art_1229000070_\\d+\\.html$", e.Url);
            Assert.Equal(e.Title, PageText.MetaTag(html, "ArticleTitle"));
            Assert.Equal(e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), PageText.Meta(html, "发布日期"));
            Assert.Equal("政务动态", PageText.MetaTag(html, "ColumnName"));
        });
    }

    [Fact]
    public void The_script_builds_the_same_li_markup_the_static_lists_use()
    {
        var html = PageText.Decode(Some.Portal().Pages[ListPath]);
        var script = Regex.Match(html, "<ul id=\"list\"[^>]*></ul>\\s*<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;

        Assert.Contains("document.createElement('li')", script, StringComparison.Ordinal);
        Assert.Contains("a.setAttribute('href', item.url)", script, StringComparison.Ordinal);
        Assert.Contains("a.setAttribute('title', item.title)", script, StringComparison.Ordinal);
        Assert.Contains("date.textContent = item.date", script, StringComparison.Ordinal);
    }
}
