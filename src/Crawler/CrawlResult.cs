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

    /// <summary>Not requested: the host's circuit breaker is open after repeated failures.</summary>
    CircuitOpen,
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

    /// <summary>
    /// The server answered 304 Not Modified to a conditional request; <see cref="Body"/>, <see cref="ContentType"/> and
    /// <see cref="Evidence"/> are those of the stored earlier answer, <see cref="Status"/> is 304.
    /// </summary>
    public bool NotModified { get; init; }

    /// <summary>Requests made for this fetch (1 when no retry was needed).</summary>
    public int Attempts { get; init; } = 1;
}

/// <summary>The list-page family recognised on a column page.</summary>
public enum ListFamily
{
    Trs,
    Hanweb,
    Generic,
    Homepage,

    /// <summary>An RSS 2.0 or Atom feed (WeChat account mirror).</summary>
    Feed,

    /// <summary>A mirror's HTML list of a WeChat account's articles.</summary>
    AccountList,
}

/// <summary>What a source is.</summary>
public enum SourceType
{
    /// <summary>A column (栏目) list page with its articles.</summary>
    Column,

    /// <summary>A homepage: freshness, identity marks and links.</summary>
    Homepage,

    /// <summary>An RSS 2.0 or Atom feed of a WeChat account's articles, as mirror services publish them.</summary>
    Feed,

    /// <summary>A mirror's list page of a WeChat account's articles (an HTML list of links to mp.weixin.qq.com-style pages).</summary>
    AccountList,
}

/// <summary>How a source's pages are turned into a DOM.</summary>
public enum RenderMode
{
    /// <summary>Static fetch; the browser is used when the list looks script-built (no entries, list built by script).</summary>
    Auto,

    /// <summary>Static fetch only.</summary>
    Static,

    /// <summary>Always rendered in the browser (list pages; articles stay static).</summary>
    Browser,
}

/// <summary>A document already stored from an earlier crawl, as its list showed it then.</summary>
/// <param name="Title">List title seen last time.</param>
/// <param name="ListDate">List date seen last time.</param>
/// <param name="LastFetchedAt">When the article page was last fetched.</param>
public sealed record KnownEntry(string Title, DateOnly? ListDate, DateTimeOffset LastFetchedAt);

/// <summary>One source to crawl.</summary>
/// <param name="Id">Stable id from the deployment config.</param>
/// <param name="Url">List page or homepage.</param>
/// <param name="Type">Column or homepage.</param>
/// <param name="CutOff">Stop paginating at entries older than this date (null: to the end).</param>
public sealed record SourceSpec(string Id, Uri Url, SourceType Type, DateOnly? CutOff = null)
{
    /// <summary>Static, browser, or decided by the page (default).</summary>
    public RenderMode Render { get; init; } = RenderMode.Auto;

    /// <summary>
    /// Documents of this source already stored, by article URL (null: nothing known, fetch everything). Known entries
    /// whose list title and date are unchanged and that were fetched less than <see cref="CrawlerOptions.RecheckAfter"/>
    /// ago are not fetched again (<see cref="SourceCrawlResult.ReusedEntries"/>), and pagination stops at a list page
    /// made only of such entries older than <see cref="CrawlerOptions.IncrementalWindow"/>.
    /// </summary>
    public IReadOnlyDictionary<Uri, KnownEntry>? Known { get; init; }
}

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

    /// <summary>WeChat article pages: deleted, account closed or migrated, or not viewable; <see cref="ArticlePageState.Normal"/> otherwise.</summary>
    public ArticlePageState PageState { get; init; } = ArticlePageState.Normal;

    /// <summary>WeChat article pages: the account's display name (<c>var nickname</c>).</summary>
    public string? AccountName { get; init; }

    /// <summary>WeChat article pages: the account's original id (<c>var user_name</c>, <c>gh_…</c>).</summary>
    public string? AccountUserName { get; init; }
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

    /// <summary>Listed entries that were known and unchanged, so their articles were not fetched again (the caller has them stored).</summary>
    public IReadOnlyList<ListEntry> ReusedEntries { get; init; } = [];

    /// <summary>
    /// Pagination stopped early at a page of known documents older than the incremental window: entries the caller has
    /// stored for this source that are older than every entry listed here are still listed (they were not walked).
    /// </summary>
    public bool StoppedAtKnown { get; init; }

    /// <summary>
    /// Things the crawl left out although the source was assessed, in Chinese: pagination or entries cut at a limit,
    /// links not checked because they point to loopback or private addresses. Empty when nothing was left out.
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The list (first page) was rendered by the browser.</summary>
    public bool Rendered { get; init; }

    /// <summary>Feed and account-list sources: the account as the mirror and its articles show it; null for other sources.</summary>
    public AccountSnapshot? Account { get; init; }
}

/// <summary>What the articles of a WeChat account say about it.</summary>
/// <param name="Name">Display name (nickname), from the feed title or the articles.</param>
/// <param name="UserName">Original id (<c>gh_…</c>) when an article states it.</param>
/// <param name="NewestPostAt">Publish time of the newest article (feed date, else the article's <c>var ct</c>).</param>
/// <param name="Problem">Set when the account itself cannot be read (blocked, cancelled, migrated), in Chinese.</param>
public sealed record AccountSnapshot(string? Name, string? UserName, DateTimeOffset? NewestPostAt, string? Problem);

/// <summary>How a WeChat article page (mp.weixin.qq.com markup) answered.</summary>
public enum ArticlePageState
{
    /// <summary>A readable article (also every non-WeChat page).</summary>
    Normal,

    /// <summary>该内容已被发布者删除, 此内容因违规无法查看, 涉嫌侵权, 链接已过期, 不实信息: the article is gone.</summary>
    Removed,

    /// <summary>此帐号已被屏蔽, 此帐号已自主注销: the account is gone.</summary>
    AccountClosed,

    /// <summary>该公众号已迁移 / 帐号迁移流程中: the account moved.</summary>
    AccountMigrated,

    /// <summary>访问过于频繁, 环境异常, 去验证, 参数错误: we could not see the article (not its fault).</summary>
    Unavailable,
}
