using System.Globalization;
using Monitor.Alerting;
using Monitor.Host.Api;
using Monitor.Host.Assessments;
using Monitor.Host.Catalog;
using Monitor.Host.Output;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Exports;

/// <summary>
/// An <see cref="Assessment"/> as an Excel workbook (via <see cref="XlsxWriter"/>: streamed, A4, frozen header, formula
/// neutralisation) with three sheets, each under a title row naming the site, the period, the as-of time, the rule version
/// and the catalog version:
/// <list type="bullet">
/// <item><b>部门排名</b>: departments and towns ranked by score ratio (equal ratios share a rank, ties listed by name), with
/// maximum, items assessed and compliant, whether a veto finding hit the unit, and its findings by severity; units with
/// findings but no score follow without a rank.</item>
/// <item><b>标准目录</b>: every evaluated (source, catalog item) pair in the 标准目录 order (area, 一级 / 二级 / 三级事项), with
/// the responsible unit, the column, its state and the reason.</item>
/// <item><b>问题清单</b>: every finding, most serious first, with a hyperlink to its evidence on the assessor API
/// (<see cref="ApiLinks.Evidence"/>) and to the document it is about (http(s) addresses only).</item>
/// </list>
/// Columns are listed in docs/exports.md.
/// </summary>
internal static class AssessmentWorkbook
{
    public const string RankingSheet = "部门排名";
    public const string CatalogSheet = "标准目录";
    public const string FindingsSheet = "问题清单";

    /// <summary>Writes the workbook to <paramref name="output"/> (seekable and writable; left open).</summary>
    /// <param name="linkBase">The API's public address (<see cref="ApiOptions.LinkBase"/>) the evidence links are built on; http(s).</param>
    public static void Write(Assessment a, Uri linkBase, Stream output)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(linkBase);
        ArgumentNullException.ThrowIfNull(output);
        if (!linkBase.IsAbsoluteUri || linkBase.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The link base must be an absolute http(s) address, not '{linkBase}'.", nameof(linkBase));
        }

        XlsxWriter.Write(output, [Ranking(a), Catalog(a), Findings(a, linkBase)]);
    }

    /// <summary>The period as the title rows name it: 实时 for live, else the id with its dates.</summary>
    public static string PeriodLabel(Assessment a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.IsFrozen
            ? $"{a.Id}（{a.From} 至 {a.To}）"
            : "实时评估（live）";
    }

    /// <summary>The title row of a sheet: site, sheet, period, as-of, rule and catalog versions.</summary>
    public static string Title(Assessment a, string sheet)
    {
        ArgumentNullException.ThrowIfNull(a);
        return $"{a.Site.Name} {sheet} — 期间：{PeriodLabel(a)}；截至：{AsOfText(a.AsOf)}；规则版本：{a.RuleVersion}；目录版本：{a.CatalogVersion}";
    }

    /// <summary>One unit's line in the ranking.</summary>
    /// <param name="Rank">Competition rank by score ratio (1, 1, 3); null when the unit has no score.</param>
    /// <param name="Counts">Findings of the unit by severity.</param>
    public sealed record Standing(int? Rank, string UnitId, string UnitName, string Kind, FindingsJson.ScoreDto? Score, IReadOnlyDictionary<Severity, int> Counts)
    {
        /// <summary>Score as a fraction of its maximum (0 when the maximum is 0); null when unscored.</summary>
        public double? Ratio => Score is { } s ? (s.Max > 0 ? s.Score / s.Max : 0) : null;

        /// <summary>Whether a veto (单项否决) finding hit the unit.</summary>
        public bool Vetoed => Counts.GetValueOrDefault(Severity.Veto) > 0;
    }

    /// <summary>
    /// Departments and towns ranked by score ratio (best first; ties by name, then id), then units that only have findings.
    /// A unit with several score periods is ranked by its latest.
    /// </summary>
    public static IReadOnlyList<Standing> Standings(Assessment a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var scores = a.Scores
            .Where(s => s.Scope is "department" or "town")
            .GroupBy(s => s.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Period, StringComparer.Ordinal).Last(), StringComparer.Ordinal);
        var units = a.Departments.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var findings = a.Findings.ToLookup(f => f.Department, StringComparer.Ordinal);
        var ids = scores.Keys.Concat(a.Findings.Select(f => f.Department)).Distinct(StringComparer.Ordinal).ToList();
        var all = ids.Select(id =>
        {
            var score = scores.GetValueOrDefault(id);
            var kind = units.TryGetValue(id, out var unit) ? unit.Kind : score?.Scope ?? "department";
            var counts = Enum.GetValues<Severity>().ToDictionary(s => s, _ => 0);
            foreach (var f in findings[id])
            {
                if (ExportLabels.SeverityOf(f.Severity) is { } severity)
                {
                    counts[severity]++;
                }
            }

            return new Standing(null, id, unit?.Name ?? id, kind, score, counts);
        }).ToList();

        var scored = all.Where(s => s.Score is not null)
            .OrderByDescending(s => s.Ratio)
            .ThenBy(s => s.UnitName, StringComparer.Ordinal)
            .ThenBy(s => s.UnitId, StringComparer.Ordinal)
            .ToList();
        var ranked = new List<Standing>(all.Count);
        for (var i = 0; i < scored.Count; i++)
        {
            ranked.Add(scored[i] with { Rank = i > 0 && scored[i].Ratio == scored[i - 1].Ratio ? ranked[i - 1].Rank : i + 1 });
        }

        ranked.AddRange(all.Where(s => s.Score is null).OrderBy(s => s.UnitName, StringComparer.Ordinal).ThenBy(s => s.UnitId, StringComparer.Ordinal));
        return ranked;
    }

    private static XlsxSheet Ranking(Assessment a)
    {
        XlsxColumn[] columns =
        [
            new("名次", 6), new("单位", 22), new("类型", 8), new("得分", 9), new("满分", 9), new("得分率（%）", 10), new("单项否决", 9),
            new("已评事项", 9), new("合规事项", 9), new("单项否决问题", 10), new("告警", 7), new("预警", 7), new("提示", 7), new("问题合计", 9),
        ];
        return new XlsxSheet(RankingSheet, columns, Standings(a).Select(s => (IReadOnlyList<XlsxCell>)
        [
            s.Rank is { } rank ? XlsxCell.Number(rank) : XlsxCell.Text("未评分"),
            XlsxCell.Text(s.UnitName),
            XlsxCell.Text(ExportLabels.UnitKind(s.Kind)),
            s.Score is { } score ? XlsxCell.Number(score.Score) : XlsxCell.Empty,
            s.Score is { } max ? XlsxCell.Number(max.Max) : XlsxCell.Empty,
            s.Ratio is { } ratio ? XlsxCell.Number(Math.Round(ratio * 100, 1)) : XlsxCell.Empty,
            XlsxCell.Text(ExportLabels.YesNo(s.Vetoed)),
            s.Score is { } assessed ? XlsxCell.Number(assessed.ItemsAssessed) : XlsxCell.Empty,
            s.Score is { } compliant ? XlsxCell.Number(compliant.ItemsCompliant) : XlsxCell.Empty,
            XlsxCell.Number(s.Counts[Severity.Veto]),
            XlsxCell.Number(s.Counts[Severity.Alert]),
            XlsxCell.Number(s.Counts[Severity.Warning]),
            XlsxCell.Number(s.Counts[Severity.Notice]),
            XlsxCell.Number(s.Counts.Values.Sum()),
        ]))
        {
            Title = Title(a, RankingSheet),
            Landscape = true,
        };
    }

    /// <summary>
    /// The (source, item) pairs in 标准目录 order: grouped by area, then by 一级事项 (so the rows of one 一级事项 stand together
    /// as in the official table), then by item, each in the order the assessment first lists it, then by source.
    /// </summary>
    internal static IReadOnlyList<Assessment.ItemDto> CatalogOrder(Assessment a)
    {
        var areaOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        var level1Order = new Dictionary<(string, string), int>();
        var itemOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in a.Items)
        {
            areaOrder.TryAdd(item.Area, areaOrder.Count);
            level1Order.TryAdd((item.Area, item.Level1), level1Order.Count);
            itemOrder.TryAdd(item.ItemId, itemOrder.Count);
        }

        return
        [
            .. a.Items.Select((item, index) => (item, index))
                .OrderBy(p => areaOrder[p.item.Area])
                .ThenBy(p => level1Order[(p.item.Area, p.item.Level1)])
                .ThenBy(p => itemOrder[p.item.ItemId])
                .ThenBy(p => p.index)
                .Select(p => p.item),
        ];
    }

    private static XlsxSheet Catalog(Assessment a)
    {
        var names = new AssessmentNames(a);
        var findings = a.Findings.Where(f => f.ItemId is not null && f.SourceId is not null)
            .GroupBy(f => (f.SourceId!, f.ItemId!))
            .ToDictionary(g => g.Key, g => g.Count());
        XlsxColumn[] columns =
        [
            new(CatalogColumn.Number.Header(), CatalogColumn.Number.Width()),
            new("领域", 12),
            new(CatalogColumn.Level1.Header(), CatalogColumn.Level1.Width()),
            new(CatalogColumn.Level2.Header(), CatalogColumn.Level2.Width()),
            new(CatalogColumn.Level3.Header(), CatalogColumn.Level3.Width()),
            new("事项编号", 16),
            new(CatalogColumn.Subject.Header(), CatalogColumn.Subject.Width()),
            new("公开栏目", 20),
            new("状态", 9),
            new("说明", 48),
            new("文档数", 7),
            new("问题数", 7),
        ];
        return new XlsxSheet(CatalogSheet, columns, CatalogOrder(a).Select((i, n) => (IReadOnlyList<XlsxCell>)
        [
            XlsxCell.Number(n + 1),
            XlsxCell.Text(i.AreaName),
            XlsxCell.Text(i.Level1),
            XlsxCell.Text(i.Level2),
            XlsxCell.Text(i.Level3),
            XlsxCell.Text(i.ItemId),
            XlsxCell.Text(names.Unit(i.Department)),
            XlsxCell.Text(names.Source(i.SourceId)),
            XlsxCell.Text(ExportLabels.ItemState(i.State)),
            XlsxCell.Text(i.Reason),
            XlsxCell.Number(i.Documents),
            XlsxCell.Number(findings.GetValueOrDefault((i.SourceId, i.ItemId))),
        ]))
        {
            Title = Title(a, CatalogSheet),
            Landscape = true,
        };
    }

    /// <summary>Findings most serious first, then by unit name, kind and id.</summary>
    internal static IReadOnlyList<FindingsJson.FindingDto> FindingOrder(Assessment a) =>
    [
        .. a.Findings
            .OrderBy(f => SeverityRank(f.Severity))
            .ThenBy(f => f.DepartmentName, StringComparer.Ordinal)
            .ThenBy(f => f.Kind, StringComparer.Ordinal)
            .ThenBy(f => f.Id, StringComparer.Ordinal),
    ];

    /// <summary>0 for the most serious severity (单项否决), growing to the least; an unknown one last.</summary>
    private static int SeverityRank(string severity)
    {
        var order = FindingLabels.SeveritiesMostSeriousFirst;
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i].ToWire() == severity)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static XlsxSheet Findings(Assessment a, Uri linkBase)
    {
        var names = new AssessmentNames(a);
        var items = AssessmentCsv.ItemsById(a);
        XlsxColumn[] columns =
        [
            new("序号", 6), new("严重程度", 9), new("类型", 12), new("部门", 16), new("栏目", 16), new("领域", 10), new("事项", 22),
            new("问题描述", 50), new("文档链接", 30), new("截止日期", 11), new("发现时间", 18), new("依据", 30), new("规则版本", 10),
            new("证据", 22), new("全部证据 SHA-256", 30), new("问题编号", 18),
        ];
        return new XlsxSheet(FindingsSheet, columns, FindingOrder(a).Select((f, n) =>
        {
            var item = f.ItemId is null ? null : items.GetValueOrDefault(f.ItemId);
            return (IReadOnlyList<XlsxCell>)
            [
                XlsxCell.Number(n + 1),
                XlsxCell.Text(ExportLabels.Severity(f.Severity)),
                XlsxCell.Text(ExportLabels.Kind(f.Kind)),
                XlsxCell.Text(f.DepartmentName),
                XlsxCell.Text(names.Source(f.SourceId)),
                XlsxCell.Text(item?.AreaName ?? f.Area),
                XlsxCell.Text(item is null ? f.ItemId : AssessmentCsv.ItemName(item)),
                XlsxCell.Text(f.Message),
                XlsxCell.LinkOrText(f.DocumentUrl),
                DateCell(f.DueDate),
                DateTimeCell(f.DetectedAt),
                XlsxCell.Text(f.Basis),
                XlsxCell.Text(f.RuleVersion),
                EvidenceCell(f.Evidence, linkBase),
                XlsxCell.Text(string.Join("\n", f.Evidence)),
                XlsxCell.Text(f.Id),
            ];
        }))
        {
            Title = Title(a, FindingsSheet),
            Landscape = true,
        };
    }

    /// <summary>A link to the first piece of evidence on the API; the text says how many more there are.</summary>
    private static XlsxCell EvidenceCell(IReadOnlyList<string> evidence, Uri linkBase)
    {
        if (evidence.Count == 0)
        {
            return XlsxCell.Text("无证据");
        }

        var bare = ApiLinks.Bare(evidence[0]);
        var text = "证据 " + bare[..Math.Min(12, bare.Length)] + (evidence.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $"（另有 {evidence.Count - 1} 份）") : "");
        return XlsxCell.Link(text, ApiLinks.Evidence(linkBase, evidence[0]));
    }

    private static XlsxCell DateCell(string? date) =>
        date is not null && DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? XlsxCell.Date(d)
            : XlsxCell.Text(date);

    /// <summary>An ISO time as its clock time in its own offset (+08:00 in every assessment).</summary>
    private static XlsxCell DateTimeCell(string? time) =>
        time is not null && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? XlsxCell.DateTime(t.DateTime)
            : XlsxCell.Text(time);

    private static string AsOfText(string asOf) =>
        DateTimeOffset.TryParse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "（北京时间）"
            : asOf;
}
