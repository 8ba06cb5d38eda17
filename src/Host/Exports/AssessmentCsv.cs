using Monitor.Host.Assessments;

namespace Monitor.Host.Exports;

/// <summary>The tables of an assessment that export as CSV.</summary>
public enum CsvTable
{
    /// <summary>Every score (site, department, town, area, item).</summary>
    Scores,

    /// <summary>Every finding with its rule version, basis and evidence digests.</summary>
    Findings,

    /// <summary>Every evaluated (source, catalog item) pair in the 标准目录 columns with its state.</summary>
    Items,
}

/// <summary>
/// One table of an <see cref="Assessment"/> as CSV (see <see cref="Csv"/>: UTF-8 with BOM, CRLF, RFC 4180 quoting, formula
/// neutralisation), with Chinese headers and labels, wire codes kept beside the labels where a program may filter on them.
/// Rows are streamed in the assessment's order (which is stable), so the same assessment gives the same bytes.
/// Columns are listed in docs/exports.md.
/// </summary>
internal static class AssessmentCsv
{
    /// <summary>Header of the scores table.</summary>
    public static IReadOnlyList<string> ScoreHeaders { get; } =
        ["范围", "范围代码", "键", "名称", "得分", "满分", "得分率（%）", "已评事项", "合规事项", "期间"];

    /// <summary>Header of the findings table.</summary>
    public static IReadOnlyList<string> FindingHeaders { get; } =
    [
        "编号", "类型", "类型代码", "严重程度", "严重程度代码", "部门", "部门编号", "栏目", "栏目编号", "领域", "事项编号", "一级事项", "二级事项",
        "问题描述", "文档链接", "目标链接", "期间", "截止日期", "暂定", "发现时间", "依据", "规则版本", "证据 SHA-256",
    ];

    /// <summary>Header of the items table.</summary>
    public static IReadOnlyList<string> ItemHeaders { get; } =
        ["领域", "一级事项", "二级事项", "三级事项", "事项编号", "栏目", "栏目编号", "部门", "部门编号", "状态", "状态代码", "说明", "文档数"];

    /// <summary>Writes <paramref name="table"/> of <paramref name="a"/> to <paramref name="output"/> (left open).</summary>
    public static void Write(Assessment a, CsvTable table, Stream output)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(output);
        using var csv = new Csv(output);
        switch (table)
        {
            case CsvTable.Scores:
                Scores(a, csv);
                break;
            case CsvTable.Findings:
                Findings(a, csv);
                break;
            case CsvTable.Items:
                Items(a, csv);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(table), table, null);
        }

        csv.Flush();
    }

    /// <summary>The lower-case name of a table as the CLI and the API spell it (scores, findings, items).</summary>
    public static string Wire(this CsvTable table) => table switch
    {
        CsvTable.Scores => "scores",
        CsvTable.Findings => "findings",
        CsvTable.Items => "items",
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };

    /// <summary>The table a wire name denotes (case-insensitive), or null.</summary>
    public static CsvTable? ParseTable(string? name) => name?.ToLowerInvariant() switch
    {
        "scores" => CsvTable.Scores,
        "findings" => CsvTable.Findings,
        "items" => CsvTable.Items,
        _ => null,
    };

    /// <summary>The Chinese names of score keys (the site, unit, area or item scored), looked up once per export.</summary>
    private sealed class ScoreNames(Assessment a)
    {
        private readonly AssessmentNames names = new(a);

        private readonly Dictionary<string, string> areas = a.Items.GroupBy(i => i.Area, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().AreaName, StringComparer.Ordinal);

        private readonly Dictionary<string, Assessment.ItemDto> items = ItemsById(a);

        public string Of(Output.FindingsJson.ScoreDto score) => score.Scope switch
        {
            "site" => a.Site.Name,
            "department" or "town" => names.Unit(score.Key),
            "area" => areas.GetValueOrDefault(score.Key, score.Key),
            "item" => items.TryGetValue(score.Key, out var item) ? ItemName(item) : score.Key,
            _ => score.Key,
        };
    }

    /// <summary>一级 / 二级 (/ 三级) names of an item joined with ／.</summary>
    public static string ItemName(Assessment.ItemDto item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return string.Join("／", new[] { item.Level1, item.Level2, item.Level3 }.Where(n => !string.IsNullOrEmpty(n)));
    }

    private static void Scores(Assessment a, Csv csv)
    {
        csv.Row(ScoreHeaders);
        var names = new ScoreNames(a);
        foreach (var s in a.Scores)
        {
            csv.Text(ExportLabels.Scope(s.Scope)).Text(s.Scope).Text(s.Key).Text(names.Of(s))
                .Number(s.Score).Number(s.Max).Number(s.Max > 0 ? Math.Round(s.Score / s.Max * 100, 1) : 0)
                .Number(s.ItemsAssessed).Number(s.ItemsCompliant).Text(s.Period)
                .EndRow();
        }
    }

    private static void Findings(Assessment a, Csv csv)
    {
        csv.Row(FindingHeaders);
        var items = ItemsById(a);
        var names = new AssessmentNames(a);
        foreach (var f in a.Findings)
        {
            var item = f.ItemId is null ? null : items.GetValueOrDefault(f.ItemId);
            csv.Text(f.Id).Text(ExportLabels.Kind(f.Kind)).Text(f.Kind).Text(ExportLabels.Severity(f.Severity)).Text(f.Severity)
                .Text(f.DepartmentName).Text(f.Department)
                .Text(names.Source(f.SourceId)).Text(f.SourceId)
                .Text(item?.AreaName ?? f.Area).Text(f.ItemId).Text(item?.Level1).Text(item?.Level2)
                .Text(f.Message).Text(f.DocumentUrl).Text(f.TargetUrl).Text(f.Period).Text(f.DueDate).Text(ExportLabels.YesNo(f.Provisional))
                .Text(f.DetectedAt).Text(f.Basis).Text(f.RuleVersion).Text(string.Join(" ", f.Evidence))
                .EndRow();
        }
    }

    private static void Items(Assessment a, Csv csv)
    {
        csv.Row(ItemHeaders);
        var names = new AssessmentNames(a);
        foreach (var i in a.Items)
        {
            csv.Text(i.AreaName).Text(i.Level1).Text(i.Level2).Text(i.Level3).Text(i.ItemId)
                .Text(names.Source(i.SourceId)).Text(i.SourceId).Text(names.Unit(i.Department)).Text(i.Department)
                .Text(ExportLabels.ItemState(i.State)).Text(i.State).Text(i.Reason).Number(i.Documents)
                .EndRow();
        }
    }

    /// <summary>The first (source, item) row of each item id: the catalog names are the same for every source.</summary>
    internal static Dictionary<string, Assessment.ItemDto> ItemsById(Assessment a) =>
        a.Items.GroupBy(i => i.ItemId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
}
