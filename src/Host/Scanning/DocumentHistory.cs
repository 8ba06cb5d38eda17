using Monitor.Crawler;
using Monitor.Crawler.Fetching;
using Monitor.Host.Configuration;
using Monitor.Host.Store;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Scanning;

/// <summary>
/// Joins a column's crawl with what was stored of it before: the documents the crawler did not fetch again (known and
/// unchanged) or did not reach (pagination stopped at old known documents) come from the previous observation, and a
/// document that left the list is checked — answering 404 or 410 it is a removal (<c>removed-document</c>), with the
/// stored page as evidence before and the error answer after. A document we cannot confirm either way is kept.
/// </summary>
internal sealed class DocumentHistory(PageFetcher fetcher, CrawlerOptions options, TimeProvider time)
{
    /// <summary>
    /// Documents the crawler may skip: stored ones (listed, article fetched) that the previous observation also carries,
    /// keyed by their address on the source's current host.
    /// </summary>
    public static IReadOnlyDictionary<Uri, KnownEntry>? Known(SourceConfig source, IReadOnlyList<MonitorStore.KnownDocument> stored, SourceObservation? previous)
    {
        if (previous is null || stored.Count == 0)
        {
            return null;
        }

        var observed = previous.Documents.Where(d => d.Fetched).Select(d => PathOf(d.Url)).ToHashSet(StringComparer.Ordinal);
        var known = new Dictionary<Uri, KnownEntry>();
        foreach (var doc in stored.Where(d => observed.Contains(d.Path)))
        {
            known[new Uri(source.Url, doc.Path)] = new KnownEntry(doc.ListTitle, doc.ListDate, doc.LastFetchedAt);
        }

        return known;
    }

    /// <summary>
    /// The observation of a crawled column completed from <paramref name="previous"/> (recorded at <paramref name="previousAt"/>), and the crawl with every entry
    /// still taken as listed (so the store keeps them listed).
    /// </summary>
    public async Task<(SourceObservation Observation, SourceCrawlResult Crawl)> CompleteAsync(
        SourceConfig source, SourceObservation fresh, SourceCrawlResult crawl, SourceObservation? previous, DateTimeOffset previousAt, CancellationToken ct)
    {
        if (!crawl.Succeeded || previous is null || source.Kind != SourceKind.Column)
        {
            return (fresh, crawl);
        }

        var before = previous.Documents.GroupBy(d => PathOf(d.Url), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var listed = crawl.Documents.Select(d => d.Entry).Concat(crawl.ReusedEntries).ToList();
        var listedPaths = listed.Select(e => e.Url.PathAndQuery).ToHashSet(StringComparer.Ordinal);
        var oldestListed = listed.Select(e => e.Date).OfType<DateOnly>().DefaultIfEmpty().Min();
        var complete = !crawl.StoppedAtKnown && source.CutOff is null
            && listed.Count < options.MaxArticlesPerSource && crawl.ListPages.Count < options.MaxListPages;

        var reused = crawl.ReusedEntries
            .Where(e => before.ContainsKey(e.Url.PathAndQuery))
            .Select(e => before[e.Url.PathAndQuery] with { Url = e.Url.ToString(), ListDate = e.Date })
            .ToList();

        var carried = new List<ObservedDocument>();
        var removals = previous.Removed.Where(r => !listedPaths.Contains(PathOf(r.Url))).ToList();
        var removedPaths = removals.Select(r => PathOf(r.Url)).ToHashSet(StringComparer.Ordinal);
        var gone = before.Where(p => !listedPaths.Contains(p.Key) && !removedPaths.Contains(p.Key)).Select(p => p.Value).ToList();
        foreach (var doc in gone)
        {
            var date = doc.ListDate ?? doc.DisplayedDate;
            var beyondWalk = !complete && (date is not { } d || (oldestListed != default && d < oldestListed) || (source.CutOff is { } cut && d < cut));
            if (beyondWalk)
            {
                // Not reached this time (pagination stopped early or the list is cut): still listed as far as we know.
                carried.Add(Rebased(source, doc));
                continue;
            }

            var url = new Uri(source.Url, PathOf(doc.Url));
            var answer = await fetcher.GetAsync(url, ct, referer: source.Url).ConfigureAwait(false);
            if (answer.Status is 404 or 410)
            {
                removals.Add(new ObservedRemoval(
                    url.ToString(), doc.Title, previousAt, time.GetUtcNow(),
                    $"已从栏目列表中撤下，页面返回 HTTP {answer.Status}", doc.Evidence.FirstOrDefault(), answer.Evidence?.Sha256));
            }
            else if (!answer.Succeeded)
            {
                // Neither there nor confirmed gone (timeout, network error, 5xx): keep it rather than guess.
                carried.Add(Rebased(source, doc));
            }

            // Answering 200 while off the list: moved or unlisted, not removed; it no longer counts for this column.
        }

        var keptPaths = reused.Concat(carried).Select(d => PathOf(d.Url)).ToHashSet(StringComparer.Ordinal);
        var links = fresh.Links
            .Concat(previous.Links.Where(l => keptPaths.Contains(PathOf(l.PageUrl))))
            .ToList();
        var observation = fresh with
        {
            Documents = [.. fresh.Documents, .. reused, .. carried],
            Links = links,
            Removed = removals,
        };
        var stillListed = crawl.ReusedEntries
            .Concat(carried.Select(d => new ListEntry(new Uri(d.Url), d.Title, d.ListDate)))
            .ToList();
        return (observation, crawl with { ReusedEntries = stillListed });
    }

    private static ObservedDocument Rebased(SourceConfig source, ObservedDocument doc) =>
        doc with { Url = new Uri(source.Url, PathOf(doc.Url)).ToString() };

    private static string PathOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.PathAndQuery : url;
}
