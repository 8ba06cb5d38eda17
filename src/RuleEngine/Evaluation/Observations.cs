namespace Monitor.RuleEngine.Evaluation;

/// <summary>What kind of page a source is.</summary>
public enum SourceKind
{
    /// <summary>A portal or department homepage (checked for freshness and links).</summary>
    Homepage,

    /// <summary>A column (栏目) list with its documents.</summary>
    Column,
}

/// <summary>A department, office or town that owns sources and receives findings.</summary>
public enum DepartmentKind
{
    Department,
    Town,
    Office,
}

/// <summary>A unit of the deployment (from the deployment's departments file).</summary>
public sealed record DepartmentInfo(string Id, string Name, DepartmentKind Kind);

/// <summary>
/// What one scan saw of one source, mapped by the host from the crawler's result. The rule engine
/// knows nothing of HTTP: this is its whole view of the world.
/// </summary>
/// <param name="SourceId">Stable id from the deployment config.</param>
/// <param name="Url">The list page or homepage URL.</param>
/// <param name="DepartmentId">Owner of the source.</param>
/// <param name="Kind">Homepage or column.</param>
/// <param name="ColumnType">Column type from config (动态要闻, 通知公告, 政策文件, 信息公开目录, 首页 …).</param>
/// <param name="ExpectedItemIds">Catalog items this source is expected to carry.</param>
/// <param name="Assessed">False when the source could not be checked (fetch failure, partial pagination …).</param>
/// <param name="NotAssessedReason">Why not, in Chinese, when <paramref name="Assessed"/> is false.</param>
/// <param name="Documents">Every document the list showed, with extracted fields where the article was fetched.</param>
/// <param name="NewestShownDate">Homepage: the newest date shown on the page (null when no date is shown).</param>
/// <param name="Links">Links checked on this source's pages.</param>
/// <param name="Evidence">SHA-256 (hex) of the list pages / homepage fetched.</param>
/// <param name="Name">Column name as shown on the site (for messages); the id is used when absent.</param>
/// <param name="Identity">Homepage: the identity elements found on it (null: not looked at).</param>
/// <param name="PageMetaNames">Meta names (&lt;meta name&gt;) of the homepage or the column's first list page (null: not recorded).</param>
/// <param name="Availability">Homepage: probe counts of the availability window (null: no continuous probing yet).</param>
public sealed record SourceObservation(
    string SourceId,
    string Url,
    string DepartmentId,
    SourceKind Kind,
    string ColumnType,
    IReadOnlyList<string> ExpectedItemIds,
    bool Assessed,
    string? NotAssessedReason,
    IReadOnlyList<ObservedDocument> Documents,
    DateOnly? NewestShownDate,
    IReadOnlyList<ObservedLink> Links,
    IReadOnlyList<string> Evidence,
    string? Name = null,
    HomepageIdentity? Identity = null,
    IReadOnlySet<string>? PageMetaNames = null,
    AvailabilityObservation? Availability = null)
{
    /// <summary>Documents published through this source earlier that have disappeared (gone from the list and answering 404/410, or deleted).</summary>
    public IReadOnlyList<ObservedRemoval> Removed { get; init; } = [];
}

/// <summary>
/// A document seen published earlier that is no longer there: gone from its list and its page answers 404 or 410
/// (or, for a WeChat article, the page says it was deleted).
/// </summary>
/// <param name="Url">The document's address.</param>
/// <param name="Title">Its title when it was last seen.</param>
/// <param name="LastSeenAt">When it was last seen published.</param>
/// <param name="DetectedAt">When its disappearance was confirmed.</param>
/// <param name="How">What the page answers now, in Chinese (e.g. "HTTP 404", "该内容已被发布者删除").</param>
/// <param name="EvidenceBefore">SHA-256 (hex) of the last stored version of the page.</param>
/// <param name="EvidenceAfter">SHA-256 (hex) of the answer that confirmed the removal, when it had a body.</param>
public sealed record ObservedRemoval(
    string Url,
    string Title,
    DateTimeOffset LastSeenAt,
    DateTimeOffset DetectedAt,
    string How,
    string? EvidenceBefore,
    string? EvidenceAfter);

/// <summary>One document found through a source.</summary>
/// <param name="Url">Absolute article URL.</param>
/// <param name="Title">Title (ArticleTitle meta, else h1, else list title).</param>
/// <param name="ListDate">Date shown in the list.</param>
/// <param name="PublishedAt">PubDate meta (authoritative publish time), Asia/Shanghai offset.</param>
/// <param name="DisplayedDate">Date displayed on the article page.</param>
/// <param name="WrittenDate">成文日期 (the date the information was formed).</param>
/// <param name="Publisher">发布机构.</param>
/// <param name="IndexNumber">索引号.</param>
/// <param name="DocumentNumber">文号, when the metadata table has one.</param>
/// <param name="BodyText">Main text, whitespace-normalised.</param>
/// <param name="Attachments">Attachment names and URLs.</param>
/// <param name="Fetched">False when the article page itself could not be fetched.</param>
/// <param name="FetchError">Why not, when <paramref name="Fetched"/> is false.</param>
/// <param name="Evidence">SHA-256 (hex) of the article page bytes.</param>
/// <param name="MetadataPublishDate">发布日期 of the 信息公开 metadata table, when the page has one.</param>
/// <param name="MetaNames">Names of the page's &lt;meta name&gt; tags (null: not recorded).</param>
public sealed record ObservedDocument(
    string Url,
    string Title,
    DateOnly? ListDate,
    DateTimeOffset? PublishedAt,
    DateOnly? DisplayedDate,
    DateOnly? WrittenDate,
    string? Publisher,
    string? IndexNumber,
    string? DocumentNumber,
    string BodyText,
    IReadOnlyList<ObservedAttachment> Attachments,
    bool Fetched,
    string? FetchError,
    IReadOnlyList<string> Evidence,
    DateOnly? MetadataPublishDate = null,
    IReadOnlySet<string>? MetaNames = null);

/// <summary>An attachment named on an article page.</summary>
public sealed record ObservedAttachment(string Name, string Url);

/// <summary>The outcome of checking one link found on a page.</summary>
/// <param name="PageUrl">The page that carries the link.</param>
/// <param name="TargetUrl">Where it points.</param>
/// <param name="Status">HTTP status, when an answer came.</param>
/// <param name="Error">Network error or timeout, when none came.</param>
/// <param name="Broken">True for 4xx/5xx answers and failed connections.</param>
/// <param name="Evidence">SHA-256 (hex) of the linking page.</param>
public sealed record ObservedLink(string PageUrl, string TargetUrl, int? Status, string? Error, bool Broken, IReadOnlyList<string> Evidence);

/// <summary>
/// The identity elements (《政府网站发展指引》) seen on a homepage. Each flag is null when it was not
/// looked for, true when found, false when looked for and not found.
/// </summary>
/// <param name="SiteIdCode">网站标识码 (meta SiteIDCode or the code in the footer).</param>
/// <param name="Icp">ICP备案编号 (ICP备…号).</param>
/// <param name="PublicSecurity">公安机关备案标识 (公网安备).</param>
/// <param name="PartyGovernmentLabel">党政机关网站标识 (bszs.conac.cn link or image).</param>
/// <param name="FindErrorEntry">我为政府网站找错 entry.</param>
/// <param name="SiteIdCodeValue">The 网站标识码 itself, when found.</param>
public sealed record HomepageIdentity(
    bool? SiteIdCode,
    bool? Icp,
    bool? PublicSecurity,
    bool? PartyGovernmentLabel,
    bool? FindErrorEntry,
    string? SiteIdCodeValue = null);

/// <summary>Homepage probes over an availability window (from the crawler service's continuous probing).</summary>
/// <param name="From">First day of the window (Asia/Shanghai).</param>
/// <param name="To">Last day of the window.</param>
/// <param name="Probes">Probes made.</param>
/// <param name="Failures">Probes that did not open the page within the timeout.</param>
/// <param name="FewestProbesOnADay">The smallest number of probes made on one day of the window.</param>
public sealed record AvailabilityObservation(DateOnly From, DateOnly To, int Probes, int Failures, int FewestProbesOnADay);

/// <summary>One new-media account (WeChat 公众号 mirror) as the crawler service saw it.</summary>
/// <param name="AccountId">Stable id from the deployment config.</param>
/// <param name="Name">Account display name.</param>
/// <param name="Platform">Platform, e.g. 微信公众号.</param>
/// <param name="Url">Feed or list page read.</param>
/// <param name="DepartmentId">Owner of the account.</param>
/// <param name="Assessed">False when the mirror could not be read.</param>
/// <param name="NotAssessedReason">Why not, in Chinese.</param>
/// <param name="NewestPostDate">Date of the newest post (Asia/Shanghai); null when there is none.</param>
/// <param name="Evidence">SHA-256 (hex) of the pages read.</param>
public sealed record AccountObservation(
    string AccountId,
    string Name,
    string Platform,
    string Url,
    string DepartmentId,
    bool Assessed,
    string? NotAssessedReason,
    DateOnly? NewestPostDate,
    IReadOnlyList<string> Evidence)
{
    /// <summary>Articles of the account seen earlier that were deleted since.</summary>
    public IReadOnlyList<ObservedRemoval> Removed { get; init; } = [];
}
