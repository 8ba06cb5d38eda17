using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitor.SamplePortal;

/// <summary>
/// Ground truth of one generated portal: what was planted, written by the generator from what it
/// planted (never from the rule engine). Paths are URL paths (with query), so it does not depend on the port.
/// </summary>
public sealed record PortalManifest(int Seed, DateOnly AsOf, IReadOnlyList<PlantedFault> Faults, IReadOnlyList<PortalSource> Sources)
{
    /// <summary>
    /// The misbehaving columns of fault mode (<see cref="PortalOptions.FaultPages"/>), family <c>generic</c>, ids
    /// <c>fault-{kind}</c>; empty unless fault mode is on. Kept apart from <see cref="Sources"/> so the demo is unchanged.
    /// </summary>
    public IReadOnlyList<PortalSource> FaultSources { get; init; } = [];

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // Keep Chinese readable in manifest.json; the file is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The manifest as camelCase JSON (<c>manifest.json</c>), byte-identical for identical options.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

/// <summary>One planted fault.</summary>
/// <param name="Id">Fault id, <c>kind/sourceId</c> (see <see cref="PortalFaults"/>).</param>
/// <param name="Kind">Finding kind the monitor should report (<c>missing-item</c>, <c>late-publication</c> …).</param>
/// <param name="SourceId">Source that carries the fault.</param>
/// <param name="ItemId">Catalog item for item faults (missing-item, late-publication, missing-element); null for site checks.</param>
/// <param name="DocumentPath">Path of the faulty article, or of the article that carries a broken link.</param>
/// <param name="TargetPath">Broken-link target, path and query.</param>
/// <param name="Period">Year (<c>YYYY</c>) of a missing annual item.</param>
/// <param name="Description">What was planted, in Chinese.</param>
public sealed record PlantedFault(
    string Id,
    string Kind,
    string SourceId,
    string? ItemId,
    string? DocumentPath,
    string? TargetPath,
    string? Period,
    string Description);

/// <summary>One source (column list, homepage or WeChat account mirror) of the portal, as a deployment config would describe it.</summary>
/// <param name="Id">Source id (<c>home</c>, <c>dtyw</c>, <c>bzxzf</c>, <c>wx-ywfb</c> …).</param>
/// <param name="Name">Column name shown on the site, or the account's nickname.</param>
/// <param name="Family"><c>trs</c>, <c>hanweb</c>, <c>js</c>, <c>homepage</c>, <c>wechat-feed</c>, <c>wechat-list</c> or (fault mode) <c>generic</c>.</param>
/// <param name="Path">List page (or homepage, or feed of a <c>wechat-feed</c> account) path.</param>
/// <param name="Charset"><c>UTF-8</c> or <c>GBK</c>.</param>
/// <param name="DepartmentId">Owner department.</param>
/// <param name="ColumnType">动态要闻, 通知公告, 信息公开目录, 政策文件 or 首页.</param>
/// <param name="ExpectedItemIds">Catalog items the source is expected to carry.</param>
public sealed record PortalSource(
    string Id,
    string Name,
    string Family,
    string Path,
    string Charset,
    string DepartmentId,
    string ColumnType,
    IReadOnlyList<string> ExpectedItemIds)
{
    /// <summary>New-media platform of an account (<c>微信公众号</c>); null for portal pages.</summary>
    public string? Platform { get; init; }

    /// <summary>The account's display name (<c>var nickname</c>); null for portal pages.</summary>
    public string? AccountName { get; init; }

    /// <summary>The account's original id (<c>var user_name</c>, <c>gh_…</c>); null for portal pages.</summary>
    public string? AccountUserName { get; init; }

    /// <summary>The account's feed (RSS or Atom) when <see cref="PortalSource.Path"/> is its list page; null otherwise.</summary>
    public string? FeedPath { get; init; }

    /// <summary>True when the list is only built by script (family <c>js</c>): a static fetch sees no entries.</summary>
    public bool NeedsScript { get; init; }
}
