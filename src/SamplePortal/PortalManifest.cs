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

/// <summary>One source (column list or homepage) of the portal, as a deployment config would describe it.</summary>
/// <param name="Id">Source id (<c>home</c>, <c>dtyw</c>, <c>bzxzf</c> …).</param>
/// <param name="Name">Column name shown on the site.</param>
/// <param name="Family"><c>trs</c>, <c>hanweb</c> or <c>homepage</c>.</param>
/// <param name="Path">List page (or homepage) path.</param>
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
    IReadOnlyList<string> ExpectedItemIds);
