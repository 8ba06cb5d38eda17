using Monitor.Crawler;
using Monitor.Host.Configuration;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Scanning;

/// <summary>
/// Maps what the crawler saw onto the rule engine's input. Crawler and rule engine never know each
/// other; this is the only place where the two vocabularies meet.
/// </summary>
internal static class ObservationMapper
{
    public static SourceObservation Map(SourceConfig source, IReadOnlyList<string> expectedItems, SourceCrawlResult crawl)
    {
        var documents = crawl.Documents.Select(MapDocument).ToList();
        var links = crawl.Links
            .Select(l => new ObservedLink(
                l.PageUrl.ToString(),
                l.TargetUrl.ToString(),
                l.Status,
                l.Error,
                l.Broken,
                l.PageEvidenceSha256 is { } sha ? [sha] : []))
            .ToList();
        var evidence = crawl.ListPages
            .Select(p => p.Evidence?.Sha256)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();

        return new SourceObservation(
            source.Id,
            source.Url.ToString(),
            source.DepartmentId,
            source.Kind,
            source.ColumnType,
            expectedItems,
            crawl.Succeeded,
            crawl.Succeeded ? null : crawl.FailureReason ?? "未能完成采集",
            documents,
            crawl.NewestShownDate,
            links,
            evidence,
            source.Name,
            Identity: crawl.Identity is { } marks
                ? new HomepageIdentity(marks.SiteIdCode is not null, marks.Icp, marks.PublicSecurity, marks.PartyGovernmentLabel, marks.FindErrorEntry, marks.SiteIdCode)
                : null,
            PageMetaNames: crawl.PageMetaNames);
    }

    private static ObservedDocument MapDocument(CrawledDocument doc)
    {
        var article = doc.Article;
        // A WeChat page that would not show us the article (captcha, rate limit) says nothing about the article.
        var unavailable = article?.PageState == ArticlePageState.Unavailable;
        var fetched = doc.Fetch.Succeeded && article is not null && !unavailable;
        return new ObservedDocument(
            doc.Entry.Url.ToString(),
            article?.Title is { Length: > 0 } title ? title : doc.Entry.Title,
            doc.Entry.Date,
            article?.PubDate,
            article?.DisplayedDate,
            article?.WrittenDate,
            article?.Publisher,
            article?.IndexNumber,
            article?.DocumentNumber,
            article?.BodyText ?? "",
            article is null ? [] : [.. article.Attachments.Select(a => new ObservedAttachment(a.Text, a.Url.ToString()))],
            fetched,
            fetched ? null
                : unavailable ? $"文章页面暂时无法查看：{article!.BodyText}"
                : doc.Fetch.Error ?? (doc.Fetch.Status is { } s ? $"HTTP {s}" : "未能获取文章页面"),
            doc.Fetch.Evidence is { } e ? [e.Sha256] : [],
            article?.MetadataPublishDate,
            article?.MetaNames);
    }
}
