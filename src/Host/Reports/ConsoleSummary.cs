using System.Globalization;
using System.Text;
using Monitor.Alerting;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Reports;

/// <summary>
/// The scan's result as a plain-text table for the terminal: one line per department or town
/// (ranking order) with its score and findings by severity, the totals, the sources that could not
/// be assessed and the run's caveats. Columns are aligned by terminal width (汉字 take two columns).
/// Text from crawled pages or errors may carry escape sequences; control characters are replaced
/// so nothing can drive the terminal.
/// </summary>
internal static class ConsoleSummary
{
    private const string Gap = "  ";

    /// <summary>Severity columns in the order the table shows them (告警, 预警, 提示, 否决).</summary>
    private static readonly Severity[] Columns = [Severity.Alert, Severity.Warning, Severity.Notice, Severity.Veto];

    public static string Render(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"政务公开监测摘要 — {Printable(model.SiteName)}（截至{ChinaTime.FormatDate(model.AsOf)}）").Append('\n');
        text.Append("规则版本：").Append(Printable(model.CatalogVersion)).Append('\n').Append('\n');

        var header = new[] { "名称", "得分" }.Concat(Columns.Select(c => c == Severity.Veto ? "否决" : c.ToChinese())).ToArray();
        var rows = DepartmentStanding.From(model)
            .Select(s => Row(Printable(s.Department.Name), s.Score, s.Counts))
            .ToList();
        var totals = Row("合计", model.SiteScore, Enum.GetValues<Severity>().ToDictionary(s => s, model.Count));

        var widths = new int[header.Length];
        foreach (var line in rows.Append(header).Append(totals))
        {
            for (var i = 0; i < line.Length; i++)
            {
                widths[i] = Math.Max(widths[i], TerminalWidth.Of(line[i]));
            }
        }

        var rule = new string('-', widths.Sum() + (Gap.Length * (widths.Length - 1)));
        text.Append(Line(header, widths)).Append('\n').Append(rule).Append('\n');
        if (rows.Count == 0)
        {
            text.Append("（本次没有部门或镇街的得分或问题）\n");
        }

        foreach (var row in rows)
        {
            text.Append(Line(row, widths)).Append('\n');
        }

        text.Append(rule).Append('\n').Append(Line(totals, widths)).Append('\n').Append('\n');

        var notAssessed = model.Sources.Where(s => !s.Assessed).OrderBy(s => s.SourceId, StringComparer.Ordinal).ToList();
        text.Append(CultureInfo.InvariantCulture, $"已评估来源 {model.Sources.Count - notAssessed.Count} 个，未评估来源 {notAssessed.Count} 个").Append(notAssessed.Count > 0 ? "：" : "。").Append('\n');
        foreach (var source in notAssessed)
        {
            text.Append("  - ")
                .Append(Printable(model.SourceName(source.SourceId)))
                .Append('（').Append(Printable(source.SourceId)).Append('，').Append(Printable(model.DepartmentName(source.DepartmentId))).Append('）')
                .Append('：').Append(Printable(source.Reason ?? "未说明原因"))
                .Append('\n');
        }

        if (model.Warnings.Count > 0)
        {
            text.Append('\n').Append("说明：").Append('\n');
            foreach (var warning in model.Warnings)
            {
                text.Append("  - ").Append(Printable(warning)).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string[] Row(string name, Score? score, IReadOnlyDictionary<Severity, int> counts) =>
        new[] { name, score is null ? "—" : ReportModel.ScoreText(score) }
            .Concat(Columns.Select(c => counts[c].ToString(CultureInfo.InvariantCulture)))
            .ToArray();

    /// <summary>Name left-aligned, numbers right-aligned; no trailing spaces because the last column is right-aligned.</summary>
    private static string Line(string[] cells, int[] widths) =>
        string.Join(Gap, cells.Select((cell, i) => i == 0 ? TerminalWidth.PadRight(cell, widths[i]) : TerminalWidth.PadLeft(cell, widths[i])));

    private static string Printable(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(char.IsControl(c) ? ' ' : c);
        }

        return clean.ToString().Trim();
    }
}
