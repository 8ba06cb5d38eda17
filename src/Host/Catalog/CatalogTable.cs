using System.Globalization;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Catalog;

/// <summary>
/// The catalog in the layout of the official 基层政务公开标准目录, one table per area: 序号, 一级事项,
/// 二级事项 (三级事项 when an item of the area has one), 公开内容（要素） with ● required / 〇 optional,
/// 公开依据, 公开时限, 公开主体, 公开渠道和载体 with ■ required / □ optional, 公开对象, 公开方式,
/// 公开层级, then our own 状态 (核实/推定), 可机检 and 备注 (the note, which says why a 推定 item is there).
/// Cells are lists of lines; each format joins them its own way (line break, &lt;br&gt;).
/// The markdown, HTML and XLSX renderings are built from this one model so they cannot drift apart.
/// </summary>
internal sealed record CatalogTable(string Title, string Version, DateOnly Effective, IReadOnlyList<CatalogTableArea> Areas)
{
    public const string Legend = "● 必选要素  〇 可选要素；■ 必选渠道  □ 可选渠道；状态“核实”取自指引条目，“推定”为依据法规推定（理由见备注）；可机检“否”的事项（依申请或仅线下公开）计入覆盖统计，不产生问题。";

    /// <summary>Builds the table of every area, or of the one area whose id or name is <paramref name="area"/>.</summary>
    /// <returns>Null when <paramref name="area"/> names no area.</returns>
    public static CatalogTable? From(RuleSet rules, string? area = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var areas = area is null
            ? rules.Areas
            : [.. rules.Areas.Where(a => a.Id.Equals(area, StringComparison.OrdinalIgnoreCase) || a.Name == area)];
        if (areas.Count == 0 && area is not null)
        {
            return null;
        }

        return new CatalogTable(
            rules.Name,
            rules.Version,
            rules.Effective,
            [.. areas.Select(BuildArea)]);
    }

    /// <summary>Subtitle under the title: version and effective date.</summary>
    public string Subtitle => string.Create(CultureInfo.InvariantCulture, $"规则版本 {Version}，自 {Effective:yyyy-MM-dd} 起施行");

    private static CatalogTableArea BuildArea(CatalogArea area)
    {
        var hasLevel3 = area.Items.Any(i => i.Level3 is not null);
        var columns = new List<CatalogColumn>
        {
            CatalogColumn.Number,
            CatalogColumn.Level1,
            CatalogColumn.Level2,
        };
        if (hasLevel3)
        {
            columns.Add(CatalogColumn.Level3);
        }

        columns.AddRange(
        [
            CatalogColumn.Elements, CatalogColumn.Basis, CatalogColumn.Deadline, CatalogColumn.Subject, CatalogColumn.Channels,
            CatalogColumn.Audience, CatalogColumn.Mode, CatalogColumn.Level, CatalogColumn.Status, CatalogColumn.Checkable, CatalogColumn.Note,
        ]);
        var rows = area.Items.Select((item, i) => new CatalogTableRow(item, i + 1, [.. columns.Select(c => Cell(c, item, i + 1))])).ToList();
        return new CatalogTableArea(area, columns, rows);
    }

    private static IReadOnlyList<string> Cell(CatalogColumn column, CatalogItem item, int number) => column switch
    {
        CatalogColumn.Number => [number.ToString(CultureInfo.InvariantCulture)],
        CatalogColumn.Level1 => [item.Level1],
        CatalogColumn.Level2 => [item.Level2],
        CatalogColumn.Level3 => [item.Level3 ?? ""],
        CatalogColumn.Elements => [.. item.Elements.Select(e => (e.Required ? "● " : "〇 ") + e.Name)],
        CatalogColumn.Basis => item.Basis,
        CatalogColumn.Deadline => [DeadlineText.Of(item.Deadline)],
        CatalogColumn.Subject => [item.Subject],
        CatalogColumn.Channels => [.. item.Channels.Select(c => (c.Required ? "■ " : "□ ") + c.Name)],
        CatalogColumn.Audience => [item.Audience],
        CatalogColumn.Mode => [item.Mode],
        CatalogColumn.Level => [string.Join("、", item.Levels)],
        CatalogColumn.Status => [item.Provenance == Provenance.Verified ? "核实" : "推定"],
        CatalogColumn.Checkable => [item.MachineCheckable ? "是" : "否"],
        CatalogColumn.Note => item.Note is null ? [] : [item.Note],
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };
}

/// <summary>One area's table: the area, its columns and one row per item in catalog order.</summary>
internal sealed record CatalogTableArea(CatalogArea Area, IReadOnlyList<CatalogColumn> Columns, IReadOnlyList<CatalogTableRow> Rows)
{
    /// <summary>Heading of the area's table, e.g. 保障性住房领域政务公开标准目录.</summary>
    public string Heading => $"{Area.Name}领域政务公开标准目录";

    public IEnumerable<string> Headers => Columns.Select(c => c.Header());
}

/// <summary>One item's row: its 序号 within the area and one cell (a list of lines) per column.</summary>
internal sealed record CatalogTableRow(CatalogItem Item, int Number, IReadOnlyList<IReadOnlyList<string>> Cells);

/// <summary>The columns of the 标准目录 layout, plus ours (状态, 可机检, 备注).</summary>
internal enum CatalogColumn
{
    Number,
    Level1,
    Level2,
    Level3,
    Elements,
    Basis,
    Deadline,
    Subject,
    Channels,
    Audience,
    Mode,
    Level,
    Status,
    Checkable,
    Note,
}

/// <summary>Header texts and spreadsheet widths of the columns.</summary>
internal static class CatalogColumns
{
    public static string Header(this CatalogColumn column) => column switch
    {
        CatalogColumn.Number => "序号",
        CatalogColumn.Level1 => "一级事项",
        CatalogColumn.Level2 => "二级事项",
        CatalogColumn.Level3 => "三级事项",
        CatalogColumn.Elements => "公开内容（要素）",
        CatalogColumn.Basis => "公开依据",
        CatalogColumn.Deadline => "公开时限",
        CatalogColumn.Subject => "公开主体",
        CatalogColumn.Channels => "公开渠道和载体",
        CatalogColumn.Audience => "公开对象",
        CatalogColumn.Mode => "公开方式",
        CatalogColumn.Level => "公开层级",
        CatalogColumn.Status => "状态",
        CatalogColumn.Checkable => "可机检",
        CatalogColumn.Note => "备注",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };

    /// <summary>Width in Excel character units (a 汉字 takes about two).</summary>
    public static double Width(this CatalogColumn column) => column switch
    {
        CatalogColumn.Number => 6,
        CatalogColumn.Level1 => 14,
        CatalogColumn.Level2 => 18,
        CatalogColumn.Level3 => 16,
        CatalogColumn.Elements => 30,
        CatalogColumn.Basis => 42,
        CatalogColumn.Deadline => 22,
        CatalogColumn.Subject => 18,
        CatalogColumn.Channels => 24,
        CatalogColumn.Audience => 10,
        CatalogColumn.Mode => 10,
        CatalogColumn.Level => 10,
        CatalogColumn.Status => 8,
        CatalogColumn.Checkable => 8,
        CatalogColumn.Note => 40,
        _ => 12,
    };
}
