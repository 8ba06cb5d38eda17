using Monitor.Alerting;
using Monitor.Crawler;
using Monitor.Host.Configuration;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Scanning;

/// <summary>Maps the crawl of a WeChat account mirror (feed or list page) onto the rule engine's account observation.</summary>
internal static class AccountMapper
{
    public static AccountObservation Map(SourceConfig source, SourceCrawlResult crawl)
    {
        var evidence = crawl.ListPages.Select(p => p.Evidence?.Sha256).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var account = crawl.Account;
        var assessed = crawl.Succeeded && account?.Problem is null;
        var reason = !crawl.Succeeded ? crawl.FailureReason ?? "未能读取公众号镜像" : account?.Problem;
        return new AccountObservation(
            source.Id,
            account?.Name ?? source.Name,
            source.Platform,
            source.Url.ToString(),
            source.DepartmentId,
            assessed,
            assessed ? null : reason,
            account?.NewestPostAt is { } newest ? ChinaTime.DateOf(newest) : null,
            evidence)
        {
            Removed = Removals(crawl),
        };
    }

    /// <summary>
    /// The account as crawled now, with each removal already confirmed by an earlier crawl keeping that crawl's detection
    /// time (and its evidence of the answer), so the confirmation date of a deleted article does not move with every crawl.
    /// </summary>
    internal static AccountObservation KeepFirstDetection(AccountObservation current, AccountObservation? previous)
    {
        if (previous is null || previous.Removed.Count == 0 || current.Removed.Count == 0)
        {
            return current;
        }

        var earlier = previous.Removed.GroupBy(r => r.Url, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return current with
        {
            Removed = [.. current.Removed.Select(r => earlier.TryGetValue(r.Url, out var first) && first.DetectedAt < r.DetectedAt
                ? r with { DetectedAt = first.DetectedAt, EvidenceAfter = first.EvidenceAfter ?? r.EvidenceAfter }
                : r)],
        };
    }

    /// <summary>
    /// Articles the mirror still lists whose page now says they are gone (该内容已被发布者删除, 此内容因违规无法查看 …).
    /// The crawl alone knows no earlier version: <c>LastSeenAt</c> is the day the mirror lists the article under
    /// (start of that day, Beijing time), else the time of this fetch, and <c>EvidenceBefore</c> is left to the store.
    /// </summary>
    internal static IReadOnlyList<ObservedRemoval> Removals(SourceCrawlResult crawl) =>
    [
        .. crawl.Documents
            .Where(d => d.Article?.PageState == ArticlePageState.Removed)
            .Select(d => new ObservedRemoval(
                d.Entry.Url.ToString(),
                d.Entry.Title is { Length: > 0 } listed ? listed : d.Article!.Title ?? "",
                d.Entry.Date is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset) : d.Fetch.FetchedAt,
                d.Fetch.FetchedAt,
                string.IsNullOrWhiteSpace(d.Article!.BodyText) ? "页面显示文章已被删除" : d.Article.BodyText,
                null,
                d.Fetch.Evidence?.Sha256)),
    ];
}
