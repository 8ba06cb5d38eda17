using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Monitor.Crawler.Extraction;
using Monitor.Crawler.Rendering;

namespace Monitor.Crawler;

// The first list page through the browser: always (render: browser), never (render: static), or when the static page
// shows no entries and its scripts evidently build the list (render: auto). Articles are always fetched statically.
public sealed partial class SourceCrawler
{
    [GeneratedRegex(@"\bfetch\s*\(|XMLHttpRequest|\.ajax\s*\(|\$\.get(?:JSON)?\s*\(|\$\.post\s*\(|\.load\s*\(|innerHTML|appendChild|insertAdjacentHTML|\.append\s*\(|\.html\s*\(")]
    private static partial Regex ListBuildingScript();

    /// <summary>The first page of a source as the list will be read from, and how it was obtained.</summary>
    /// <param name="Page">The page the list is read from (static fetch or render); on failure the failed attempt.</param>
    /// <param name="Pages">Every fetch made for it (a static fetch and then a render), for the result's list pages.</param>
    /// <param name="Rendered">The page is the browser's rendering.</param>
    /// <param name="Failure">The browser was needed and failed (Chinese reason): the source cannot be assessed.</param>
    private sealed record OpeningPage(FetchResult Page, IReadOnlyList<FetchResult> Pages, bool Rendered, string? Failure);

    private async Task<OpeningPage> OpenAsync(SourceSpec spec, CancellationToken ct)
    {
        if (spec.Render == RenderMode.Browser)
            return await RenderOpeningAsync(spec, null, ct).ConfigureAwait(false);
        var first = await _fetcher.GetAsync(spec.Url, ct).ConfigureAwait(false);
        if (spec.Render == RenderMode.Static || spec.Type is SourceType.Homepage or SourceType.Feed
            || !first.Succeeded || !IsHtml(first.ContentType))
            return new OpeningPage(first, [first], false, null);
        using (var doc = await HtmlLoader.LoadAsync(first, ct).ConfigureAwait(false))
        {
            if (!LooksScriptBuilt(doc))
                return new OpeningPage(first, [first], false, null);
        }
        Report(spec, CrawlStage.ListPage, $"List of {spec.Url} looks script-built: rendering", 1, 0);
        return await RenderOpeningAsync(spec, first, ct).ConfigureAwait(false);
    }

    private async Task<OpeningPage> RenderOpeningAsync(SourceSpec spec, FetchResult? staticPage, CancellationToken ct)
    {
        if (_renderer is null)
        {
            var page = staticPage ?? await _fetcher.GetAsync(spec.Url, ct).ConfigureAwait(false);
            return new OpeningPage(page, [page], false, "浏览器不可用：未配置浏览器，无法读取由脚本生成的列表");
        }
        var render = await _renderer.RenderAsync(spec.Url, _fetcher.AllowedHosts, ct).ConfigureAwait(false);
        Report(spec, CrawlStage.ListPage, $"Rendered {spec.Url}: {render.Page.Outcome} {render.Page.Status}", 1, 0);
        IReadOnlyList<FetchResult> pages = staticPage is null ? [render.Page] : [staticPage, render.Page];
        if (render.Succeeded)
            return new OpeningPage(render.Page, pages, true, null);
        var what = spec.Type == SourceType.Homepage ? "首页" : "列表页";
        var reason = render.BrowserUnavailable ? render.Page.Error ?? "浏览器不可用" : $"{what}渲染失败：{render.Page.Error}";
        return new OpeningPage(render.Page, pages, true, reason);
    }

    /// <summary>
    /// The list is built by script: the static page lists no entries, and it either names a data source
    /// (<c>data-source</c>, <c>data-url</c>) or has an empty list container (a ul/ol/tbody without items, or an
    /// element named …list… without children) together with a script that fetches data or writes the DOM.
    /// </summary>
    internal static bool LooksScriptBuilt(IDocument doc)
    {
        // A Hanweb datastore or a TRS pager (createPageHTML) is a static list family: an empty one is a blank column.
        if (HanwebListAdapter.HasDatastore(doc) || TrsListAdapter.ReadPager(doc) is not null || GenericListAdapter.ReadEntries(doc).Count > 0)
            return false;
        if (doc.QuerySelector("[data-source], [data-url], [data-api]") is not null)
            return true;
        var emptyContainer = doc.QuerySelectorAll("ul, ol, tbody, [id*='list' i], [class*='list' i]")
            .Any(e => e.LocalName is "ul" or "ol" or "tbody"
                ? !e.Children.Any(c => c.LocalName is "li" or "tr")
                : e.ChildElementCount == 0 && string.IsNullOrWhiteSpace(e.TextContent));
        if (!emptyContainer)
            return false;
        // Inline scripts only: an external script's text is unknown, and rendering every listless page that loads
        // jQuery would cost a browser per blank column.
        return doc.QuerySelectorAll("script:not([src])").Any(s => ListBuildingScript().IsMatch(s.TextContent));
    }
}
