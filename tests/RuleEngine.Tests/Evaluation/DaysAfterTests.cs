using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Tests.Support;
using static Monitor.RuleEngine.Tests.Support.Some;

namespace Monitor.RuleEngine.Tests.Evaluation;

/// <summary>
/// The calendar-day deadline kind (days-after): 日 is not 工作日, so holidays never extend the limit
/// and no holiday data is needed (never provisional). Item from Fixtures/rules-extra/days-after.
/// </summary>
public sealed class DaysAfterTests
{
    private static readonly RuleSetLoadResult Loaded = OverlaidRules.LoadExtra("days-after");

    private static EvaluationResult Run(EvaluationInput input) => Evaluator.Evaluate(input, Loaded.RuleSet!, Loaded.Calendar!);

    private static SourceObservation Column(params ObservedDocument[] documents) =>
        Some.Column("fwzs", "信息公开目录", "szfb", ["zztest-zsjd"], documents);

    [Fact]
    public void A_days_after_deadline_loads_as_a_typed_calendar_day_rule()
    {
        Assert.Equal(new DaysAfter(7, "decided"), Loaded.RuleSet!.FindItem("zztest-zsjd")!.Deadline);
        Assert.Contains("days-after", Deadline.KindNames);
    }

    [Fact]
    public void A_days_after_deadline_rejects_a_unit_key()
    {
        using var rules = OverlaidRules.Broken("days-after-working-unit");
        var result = RuleSetLoader.Load(rules.Directory);

        Assert.Null(result.RuleSet);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("rules/catalog/zztest.yaml", "items[0].deadline.unit", "zztest-zsjd"), (error.File, error.Key, error.RuleId));
        Assert.Contains("未知字段", error.Message);
    }

    [Theory]
    [InlineData("2026-11-20", "2026-11-27")]
    [InlineData("2026-11-20", "2026-11-21")]
    public void A_document_published_within_the_calendar_days_is_compliant(string written, string published)
    {
        var result = Run(Input(Column(Document("/fwzs/1.html", "关于城西片区房屋征收决定的公告", published, written, "征收范围"))));

        Assert.Empty(result.Findings);
        Assert.Equal(ItemState.Compliant, Assert.Single(result.Items).State);
    }

    [Fact]
    public void Holidays_do_not_extend_a_calendar_day_limit()
    {
        // 决定 2026-09-28; 7 日 → due 10-05 although 10-01..07 is 国庆. Published 10-08: 3 days late
        // (a working-day rule would count it as on time).
        var late = Document("/fwzs/2.html", "关于城西片区房屋征收决定的公告", "2026-10-08", "2026-09-28", "征收范围");
        var result = Run(Input(Column(late)));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((FindingKind.LatePublication, Severity.Alert, "zztest-zsjd"), (finding.Kind, finding.Severity, finding.ItemId));
        Assert.Equal(D("2026-10-05"), finding.DueDate);
        Assert.False(finding.Provisional);
        Assert.Contains("应在 7 日内即 2026-10-05 前公开", finding.Message);
        Assert.Contains("逾期 3 日", finding.Message);
        Assert.DoesNotContain("工作日", finding.Message);
        Assert.Equal(ItemState.Late, Assert.Single(result.Items).State);
    }

    [Fact]
    public void A_calendar_day_limit_in_a_year_without_holiday_data_is_not_provisional()
    {
        var asOf = new DateTimeOffset(2027, 2, 20, 9, 0, 0, TimeSpan.FromHours(8));
        var late = Document("/fwzs/3.html", "关于城西片区房屋征收决定的公告", "2027-02-10", "2027-01-30", "征收范围");
        var result = Run(Input(asOf, Column(late)));

        var finding = Assert.Single(result.Findings);
        Assert.False(finding.Provisional);
        Assert.Equal(D("2027-02-06"), finding.DueDate);
        Assert.DoesNotContain("暂定", finding.Message);
    }

    [Fact]
    public void A_document_without_written_date_is_not_assessed_for_a_calendar_day_limit()
    {
        var result = Run(Input(Column(Document("/fwzs/4.html", "关于城西片区房屋征收决定的公告", "2026-11-20", null, "征收范围"))));

        Assert.Empty(result.Findings);
        var status = Assert.Single(result.Items);
        Assert.Equal(ItemState.NotAssessed, status.State);
        Assert.Contains("页面未标注成文日期", status.Reason);
    }
}
