using Monitor.Host.Reports;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Tests.Reports;

public sealed class DepartmentStandingTests
{
    [Fact]
    public void Units_known_only_from_a_score_or_a_finding_are_listed_under_their_id()
    {
        var model = ReportSamples.Typical() with
        {
            Scores = [.. ReportSamples.Typical().Scores, new Score(ScoreScope.Town, "fty", 90, 100, "2026-11", 3, 3)],
            Findings =
            [
                .. ReportSamples.Typical().Findings,
                ReportSamples.Finding("f-x", FindingKind.BlankColumn, Severity.Notice, "unknown-unit", null, null, "空白栏目"),
            ],
        };

        var standings = DepartmentStanding.From(model);

        var town = Assert.Single(standings, s => s.Department.Id == "fty");
        Assert.Equal(DepartmentKind.Town, town.Department.Kind);
        Assert.Equal("fty", town.Department.Name);
        var unknown = standings[^1];
        Assert.Equal("unknown-unit", unknown.Department.Id);
        Assert.Null(unknown.Rank);
        Assert.Equal(1, unknown.Counts[Severity.Notice]);
    }

    [Fact]
    public void Units_with_findings_but_no_score_come_after_every_ranked_unit()
    {
        var model = ReportSamples.Typical() with { Scores = [new Score(ScoreScope.Department, "gtj", 10, 100, "2026-11", 1, 0)] };

        var standings = DepartmentStanding.From(model);

        Assert.Equal(["gtj", "csjd", "jyj", "szfb"], standings.Select(s => s.Department.Id));
        Assert.Equal([1, null, null, null], standings.Select(s => s.Rank));
    }
}
