using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Tests.Support;
using static Monitor.RuleEngine.Tests.Support.Some;

namespace Monitor.RuleEngine.Tests.Evaluation;

/// <summary>
/// Scoring a past period uses the rules then in force: items and checks outside their effective dates
/// are left out, and the version reported is the one in force at the as-of date (Fixtures/rules-extra/versioning).
/// </summary>
public sealed class VersioningTests
{
    private static readonly RuleSetLoadResult Loaded = OverlaidRules.LoadExtra("versioning");

    private static EvaluationResult Run(EvaluationInput input) => Evaluator.Evaluate(input, Loaded.RuleSet!, Loaded.Calendar!);

    private static SourceObservation Column(params ObservedDocument[] documents) =>
        Some.Column("fwzs", "信息公开目录", "szfb", ["zztest-zsjd"], documents);

    private static readonly ObservedDocument LateDecision =
        Document("/fwzs/1.html", "关于城西片区房屋征收决定的公告", "2026-11-20", "2026-11-01", "征收范围");

    [Fact]
    public void An_item_effective_from_2027_produces_nothing_at_2026_12_01()
    {
        var result = Run(Input(Column(LateDecision)));

        Assert.Empty(result.Findings);
        Assert.Empty(result.Items);
    }

    [Fact]
    public void The_same_item_is_checked_once_in_force()
    {
        var asOf = new DateTimeOffset(2027, 1, 20, 9, 0, 0, TimeSpan.FromHours(8));
        var result = Run(Input(asOf, Column(Document("/fwzs/2.html", "关于城西片区房屋征收决定的公告", "2027-01-15", "2027-01-02", "征收范围"))));

        Assert.Equal(FindingKind.LatePublication, Assert.Single(result.Findings).Kind);
        Assert.Equal("zztest-zsjd", Assert.Single(result.Items).ItemId);
    }

    [Theory]
    [InlineData("2026-07-15", "2026.6.0")]
    [InlineData("2026-11-30", "2026.6.0")]
    [InlineData("2026-12-01", "2026.12.0")]
    [InlineData("2027-03-01", "2026.12.0")]
    public void The_version_reported_is_the_one_in_force_at_the_as_of_date(string asOf, string version)
    {
        var at = D(asOf);
        var result = Run(Input(new DateTimeOffset(at.Year, at.Month, at.Day, 12, 0, 0, TimeSpan.FromHours(8)), Homepage(at.AddDays(-1))));

        Assert.Equal(version, result.CatalogVersion);
        Assert.All(result.Findings, f => Assert.Equal(version, f.RuleVersion));
    }

    [Fact]
    public void An_as_of_date_before_the_first_version_reports_it_with_a_warning()
    {
        var result = Run(Input(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(8)), Homepage(D("2026-02-28"))));

        Assert.Equal("2026.6.0", result.CatalogVersion);
        Assert.Contains(result.Warnings, w => w.Contains("早于规则集最早版本 2026.6.0", StringComparison.Ordinal));
    }

    [Fact]
    public void The_version_history_loads_oldest_first()
    {
        Assert.Equal(["2026.6.0", "2026.12.0"], Loaded.RuleSet!.Versions.Select(v => v.Version));
        Assert.Equal(new EffectivePeriod(D("2027-01-01"), null), Loaded.RuleSet.FindItem("zztest-zsjd")!.Effective);
    }

    [Fact]
    public void A_site_check_outside_its_effective_dates_is_not_applied()
    {
        var rules = TestRulesWithHomepage(new EffectivePeriod(D("2027-01-01"), null));

        var result = Evaluator.Evaluate(Input(Homepage(D("2026-10-01"))), rules, Loaded.Calendar!);

        Assert.Empty(result.Findings);
        Assert.DoesNotContain(result.SiteChecks, c => c.Id == "homepage-freshness");
    }

    [Fact]
    public void The_repository_rule_set_reports_its_single_version()
    {
        var rules = Support.Rules.Set;
        Assert.Equal(rules.Version, rules.Versions[^1].Version);
        Assert.Equal(rules.Effective, rules.Versions[^1].Effective);
    }

    private static RuleSet TestRulesWithHomepage(EffectivePeriod effective)
    {
        var rules = Loaded.RuleSet!;
        return rules with { SiteChecks = rules.SiteChecks with { Homepage = rules.SiteChecks.Homepage with { Effective = effective } } };
    }
}
