using Monitor.Host.Reports;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Tests.Reports;

public sealed class ConsoleSummaryTests
{
    /// <summary>The table's lines: header, unit rows and totals (rule lines of dashes left out).</summary>
    private static List<string> TableLines(string summary)
    {
        var lines = summary.Split('\n');
        var header = Array.FindIndex(lines, l => l.StartsWith("名称", StringComparison.Ordinal));
        var totals = Array.FindIndex(lines, l => l.StartsWith("合计", StringComparison.Ordinal));
        Assert.True(header >= 0 && totals > header, summary);
        return lines[header..(totals + 1)].Where(l => !l.StartsWith('-')).ToList();
    }

    /// <summary>
    /// Terminal columns of one character, worked out here rather than with <see cref="TerminalWidth"/>
    /// so the test does not share a mistake with the code: the sample text only holds ASCII, CJK
    /// ideographs, fullwidth forms and narrow punctuation.
    /// </summary>
    private static int Columns(System.Text.Rune rune) =>
        rune.Value is (>= 0x4E00 and <= 0x9FFF) or (>= 0xFF00 and <= 0xFF60) ? 2 : 1;

    private static int Columns(string line) => line.EnumerateRunes().Sum(Columns);

    /// <summary>For each whitespace-separated cell, the terminal column just after its last character.</summary>
    private static List<int> CellEnds(string line)
    {
        var ends = new List<int>();
        var column = 0;
        var inCell = false;
        foreach (var rune in line.EnumerateRunes())
        {
            var space = rune.Value == ' ';
            if (inCell && space)
            {
                ends.Add(column);
            }

            inCell = !space;
            column += Columns(rune);
        }

        if (inCell)
        {
            ends.Add(column);
        }

        return ends;
    }

    private static List<int> CellStarts(string line)
    {
        var starts = new List<int>();
        var column = 0;
        var previousSpace = true;
        foreach (var rune in line.EnumerateRunes())
        {
            var space = rune.Value == ' ';
            if (previousSpace && !space)
            {
                starts.Add(column);
            }

            previousSpace = space;
            column += Columns(rune);
        }

        return starts;
    }

    [Fact]
    public void Columns_line_up_in_a_terminal_when_names_mix_chinese_and_latin_letters()
    {
        var model = ReportSamples.Typical() with
        {
            Departments = [.. ReportSamples.Typical().Departments, new DepartmentInfo("it", "IT中心", DepartmentKind.Department)],
            Scores = [.. ReportSamples.Typical().Scores, new Score(ScoreScope.Department, "it", 100, 100, "2026-11", 2, 2)],
        };

        var lines = TableLines(ConsoleSummary.Render(model));

        Assert.Equal(7, lines.Count); // header, five units, totals
        var headerEnds = CellEnds(lines[0]);
        Assert.Equal(6, headerEnds.Count);
        foreach (var line in lines)
        {
            // Numbers are right-aligned under their heading, names start the line.
            Assert.Equal(headerEnds.Skip(1), CellEnds(line).Skip(1));
            Assert.Equal(0, CellStarts(line)[0]);
            Assert.Equal(Columns(lines[0]), Columns(line));
        }
    }

    [Fact]
    public void Rows_follow_the_ranking_with_score_and_counts_per_severity()
    {
        var lines = TableLines(ConsoleSummary.Render(ReportSamples.Typical()));

        var cells = lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(["名称", "得分", "告警", "预警", "提示", "否决"], cells[0]);
        Assert.Equal(["城西街道办事处", "47.5/50", "1", "0", "0", "0"], cells[1]);
        Assert.Equal(["市国土资源局", "95", "0", "0", "1", "0"], cells[2]);
        Assert.Equal(["市教育局", "72", "1", "1", "0", "0"], cells[3]);
        Assert.Equal(["市人民政府办公室", "60", "0", "0", "0", "1"], cells[4]);
        Assert.Equal(["合计", "88.5", "2", "1", "1", "1"], cells[5]);
    }

    [Fact]
    public void Lists_the_sources_that_could_not_be_assessed_with_their_reason()
    {
        var summary = ConsoleSummary.Render(ReportSamples.Typical());

        Assert.Contains("已评估来源 3 个，未评估来源 1 个：", summary, StringComparison.Ordinal);
        Assert.Contains("  - 教育动态（jyj-jydt，市教育局）：列表第3页连续3次超时，分页不完整", summary, StringComparison.Ordinal);
        Assert.Contains("2027年节假日安排尚未公布", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Escape_sequences_from_crawled_text_cannot_reach_the_terminal()
    {
        var model = ReportSamples.Typical();
        model = model with
        {
            Sources = [.. model.Sources.Select(s => s.Assessed ? s : s with { Reason = "超时\u001b[2J\u001b]0;pwned\u0007\r\n伪造行" })],
        };

        var summary = ConsoleSummary.Render(model);

        Assert.DoesNotContain('\u001b', summary);
        Assert.DoesNotContain('\u0007', summary);
        Assert.DoesNotContain('\r', summary);
        Assert.Contains("超时 [2J ]0;pwned   伪造行", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scan_with_nothing_to_rank_still_prints_totals()
    {
        var empty = ReportSamples.Typical() with { Findings = [], Scores = [], Sources = [], Warnings = [] };

        var summary = ConsoleSummary.Render(empty);

        Assert.Contains("（本次没有部门或镇街的得分或问题）", summary, StringComparison.Ordinal);
        Assert.Equal(["合计", "—", "0", "0", "0", "0"], TableLines(summary)[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("未评估来源 0 个。", summary, StringComparison.Ordinal);
    }
}
