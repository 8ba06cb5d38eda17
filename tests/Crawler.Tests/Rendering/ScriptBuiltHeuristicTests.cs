using System.Text;
using Monitor.Crawler.Tests.Support;

namespace Monitor.Crawler.Tests.Rendering;

/// <summary>
/// When render: auto sends a page to the browser: only when the static page lists nothing and evidently builds its
/// list by script. A blank static column must stay blank (no browser cost), a listed column must never be rendered.
/// </summary>
public sealed class ScriptBuiltHeuristicTests
{
    private static async Task<bool> LooksScriptBuiltAsync(string body)
    {
        using var doc = await Fixture.DocumentAsync(Encoding.UTF8.GetBytes($"<html><body>{body}</body></html>"), "http://127.0.0.1/col/index.html", "text/html; charset=utf-8");
        return SourceCrawler.LooksScriptBuilt(doc);
    }

    [Theory]
    [InlineData("<ul id=\"list\"></ul><script>fetch('data.json').then(r => r.json())</script>")]
    [InlineData("<div class=\"news-list\"></div><script>var x = new XMLHttpRequest(); x.open('GET', 'list.json');</script>")]
    [InlineData("<table><tbody></tbody></table><script>$.ajax({ url: 'list' })</script>")]
    [InlineData("<ul class=\"list\"></ul><script>document.querySelector('.list').innerHTML = items.join('');</script>")]
    [InlineData("<div data-source=\"/api/list\"></div>")]
    public async Task An_empty_list_with_a_list_building_script_is_script_built(string body) =>
        Assert.True(await LooksScriptBuiltAsync(body));

    [Theory]
    [InlineData("<ul id=\"list\"></ul>")]
    [InlineData("<ul id=\"list\"></ul><script src=\"/js/jquery.min.js\"></script>")]
    [InlineData("<p>暂无信息</p><script>fetch('stats')</script>")]
    [InlineData("<ul><li><a href=\"/a.html\">通知</a><span>2026-11-20</span></li></ul><script>list.appendChild(li)</script>")]
    public async Task A_blank_or_listed_static_page_is_not(string body) =>
        Assert.False(await LooksScriptBuiltAsync(body));
}
