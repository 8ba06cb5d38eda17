namespace Monitor.Crawler;

/// <summary>How a fetch ended. Anything but <see cref="Succeeded"/> carries an error text.</summary>
public enum FetchOutcome
{
    Succeeded,
    HttpError,
    Timeout,
    NetworkError,
    TooLarge,
    TooManyRedirects,
    Blocked,
}

/// <summary>The exact bytes fetched and what came with them, stored content-addressed.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of <c>Body</c> bytes.</param>
public sealed record EvidenceRecord(
    string Sha256,
    string Url,
    string Method,
    DateTimeOffset FetchedAt,
    int Status,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    long Length);

/// <summary>
/// The result of one HTTP fetch. Never thrown: failures are data (<see cref="Outcome"/>, <see cref="Error"/>).
/// </summary>
public sealed record FetchResult(
    Uri RequestedUrl,
    Uri FinalUrl,
    FetchOutcome Outcome,
    int? Status,
    string? ContentType,
    byte[]? Body,
    EvidenceRecord? Evidence,
    DateTimeOffset FetchedAt,
    TimeSpan Elapsed,
    string? Error)
{
    public bool Succeeded => Outcome == FetchOutcome.Succeeded;
}

/// <summary>The list-page family recognised on a column page.</summary>
public enum ListFamily
{
    Trs,
    Hanweb,
    Generic,
    Homepage,
}

/// <summary>What a source is: a column list or a homepage.</summary>
public enum SourceType
{
    Column,
    Homepage,
}

/// <summary>One source to crawl.</summary>
/// <param name="Id">Stable id from the deployment config.</param>
/// <param name="Url">List page or homepage.</param>
/// <param name="Type">Column or homepage.</param>
/// <param name="CutOff">Stop paginating at entries older than this date (null: to the end).</param>
public sealed record SourceSpec(string Id, Uri Url, SourceType Type, DateOnly? CutOff = null);

/// <summary>One entry of a list page.</summary>
public sealed record ListEntry(Uri Url, string Title, DateOnly? Date);

/// <summary>An attachment or link on an article page.</summary>
public sealed record PageLink(string Text, Uri Url, bool IsAttachment);

/// <summary>Fields extracted from one article page (pure extraction from bytes).</summary>
public sealed record ExtractedArticle(
    Uri Url,
    string? Title,
    DateTimeOffset? PubDate,
    DateOnly? DisplayedDate,
    DateOnly? WrittenDate,
    string? Publisher,
    string? IndexNumber,
    string? DocumentNumber,
    string? ContentSource,
    string? ColumnName,
    string BodyText,
    IReadOnlyList<PageLink> Attachments,
    IReadOnlyList<PageLink> Links)
{
    /// <summary>发布日期 as the 信息公开 metadata table states it (null when the table has none).</summary>
    public DateOnly? MetadataPublishDate { get; init; }

    /// <summary>Names of the page's non-empty &lt;meta name&gt; tags (case-insensitive set), for the 网页标签 check.</summary>
    public IReadOnlySet<string> MetaNames { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The identity elements (《政府网站发展指引》国办发〔2017〕47号) found on a homepage.
/// </summary>
/// <param name="SiteIdCode">网站标识码 from meta SiteIDCode or the footer text; null when not found.</param>
/// <param name="Icp">An ICP备…号 text.</param>
/// <param name="PublicSecurity">A 公网安备 text.</param>
/// <param name="PartyGovernmentLabel">A link, image or script of bszs.conac.cn, or an image titled 党政机关.</param>
/// <param name="FindErrorEntry">A 我为政府网站找错 link (by text or zfwzgl.www.gov.cn / jiucuo URL).</param>
public sealed record IdentityMarks(string? SiteIdCode, bool Icp, bool PublicSecurity, bool PartyGovernmentLabel, bool FindErrorEntry)
{
    /// <summary>Nothing found (also the value for pages that were not looked at).</summary>
    public static IdentityMarks None { get; } = new(null, false, false, false, false);
}

/// <summary>A document of a source: its list entry and, when the article was fetched, its fields.</summary>
public sealed record CrawledDocument(ListEntry Entry, FetchResult Fetch, ExtractedArticle? Article);

/// <summary>The check of one link target found on a page.</summary>
public sealed record LinkCheck(Uri PageUrl, Uri TargetUrl, int? Status, string? Error, bool Broken, string? PageEvidenceSha256);

/// <summary>
/// Everything one crawl of one source saw. <see cref="Succeeded"/> is false when the source could
/// not be assessed (first page failed, pagination broke off); <see cref="FailureReason"/> says why in Chinese.
/// </summary>
public sealed record SourceCrawlResult(
    string SourceId,
    Uri Url,
    bool Succeeded,
    string? FailureReason,
    ListFamily Family,
    IReadOnlyList<FetchResult> ListPages,
    IReadOnlyList<CrawledDocument> Documents,
    IReadOnlyList<LinkCheck> Links,
    DateOnly? NewestShownDate,
    DateTimeOffset StartedAt,
    TimeSpan Elapsed)
{
    /// <summary>Homepage: the identity elements found on it; null for columns and when the homepage was not read.</summary>
    public IdentityMarks? Identity { get; init; }

    /// <summary>Homepage (and, when list adapters record them, a column's first list page): names of its non-empty meta tags; null when not recorded.</summary>
    public IReadOnlySet<string>? PageMetaNames { get; init; }
}
