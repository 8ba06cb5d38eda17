using System.Globalization;
using System.Text;
using Monitor.Host.Reports;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Catalog;

/// <summary>How many items an area has: verified against derived, machine-checkable against not.</summary>
internal sealed record AreaCount(string AreaId, string AreaName, int Items, int Verified, int Derived, int Checkable, int NotCheckable)
{
    public static AreaCount Of(CatalogArea area)
    {
        ArgumentNullException.ThrowIfNull(area);
        var verified = area.Items.Count(i => i.Provenance == Provenance.Verified);
        var checkable = area.Items.Count(i => i.MachineCheckable);
        return new AreaCount(area.Id, area.Name, area.Items.Count, verified, area.Items.Count - verified, checkable, area.Items.Count - checkable);
    }

    /// <summary>Per-area counts in catalog order.</summary>
    public static IReadOnlyList<AreaCount> Of(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return [.. rules.Areas.Select(Of)];
    }

    /// <summary>
    /// The counts as a terminal table (领域编号, 领域, 事项, 核实, 推定, 可机检, 不可机检) with a 合计 line;
    /// columns aligned by terminal width, numbers right-aligned.
    /// </summary>
    public static string Render(IReadOnlyList<AreaCount> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var total = new AreaCount("合计", "", counts.Sum(c => c.Items), counts.Sum(c => c.Verified), counts.Sum(c => c.Derived), counts.Sum(c => c.Checkable), counts.Sum(c => c.NotCheckable));
        string[] header = ["领域编号", "领域", "事项", "核实", "推定", "可机检", "不可机检"];
        var rows = counts.Append(total).Select(c => new[]
        {
            c.AreaId, c.AreaName,
            Number(c.Items), Number(c.Verified), Number(c.Derived), Number(c.Checkable), Number(c.NotCheckable),
        }).ToList();
        return TextTable.Render(header, rows, numericFrom: 2, totalsLast: true);
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A plain-text table for the terminal, aligned by display width (汉字 take two columns).</summary>
internal static class TextTable
{
    private const string Gap = "  ";

    /// <param name="numericFrom">Columns from this index on are right-aligned.</param>
    /// <param name="totalsLast">Separate the last row (合计) by a rule.</param>
    public static string Render(IReadOnlyList<string> header, IReadOnlyList<string[]> rows, int numericFrom, bool totalsLast)
    {
        var widths = new int[header.Count];
        foreach (var line in rows.Prepend([.. header]))
        {
            for (var i = 0; i < line.Length; i++)
            {
                widths[i] = Math.Max(widths[i], TerminalWidth.Of(line[i]));
            }
        }

        var rule = new string('-', widths.Sum() + (Gap.Length * (widths.Length - 1)));
        var text = new StringBuilder();
        text.Append(Line([.. header], widths, numericFrom)).Append('\n').Append(rule).Append('\n');
        for (var r = 0; r < rows.Count; r++)
        {
            if (totalsLast && r == rows.Count - 1)
            {
                text.Append(rule).Append('\n');
            }

            text.Append(Line(rows[r], widths, numericFrom)).Append('\n');
        }

        return text.ToString();
    }

    private static string Line(string[] cells, int[] widths, int numericFrom) =>
        string.Join(Gap, cells.Select((c, i) => i >= numericFrom ? TerminalWidth.PadLeft(c, widths[i]) : TerminalWidth.PadRight(c, widths[i]))).TrimEnd();
}
