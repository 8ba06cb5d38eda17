namespace Monitor.Crawler;

/// <summary>Which part of a source crawl a progress report is about.</summary>
public enum CrawlStage
{
    ListPage,
    Article,
    LinkCheck,
    Finished,
}

/// <summary>
/// One step of a source crawl, for logs and progress displays. The crawler reports through
/// <see cref="IProgress{T}"/> so that it stays free of any logging framework.
/// </summary>
/// <param name="Message">English, for logs (user-facing text lives in results, not here).</param>
/// <param name="Done">Steps of this stage done so far.</param>
/// <param name="Total">Steps of this stage known so far (0 when unknown).</param>
public sealed record CrawlProgress(string SourceId, CrawlStage Stage, string Message, int Done, int Total);
