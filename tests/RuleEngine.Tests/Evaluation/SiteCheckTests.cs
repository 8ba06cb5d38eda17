using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Tests.Support;
using static Monitor.RuleEngine.Tests.Support.Some;
using TestRules = Monitor.RuleEngine.Tests.Support.Rules;

namespace Monitor.RuleEngine.Tests.Evaluation;

/// <summary>
/// Site and new-media checks of rules/site-checks.yaml: veto lines with early-warning lines below them,
/// site-level count findings, the date comparison, and the check results that have no finding kind.
/// </summary>
public sealed class SiteCheckTests
{
    private static EvaluationResult Run(EvaluationInput input) => Evaluator.Evaluate(input, TestRules.Set, TestRules.Calendar);

    private static readonly HomepageIdentity FullIdentity = new(true, true, true, true, true, "3307820001");

    private static SourceObservation Blank(int n) => Column($"blank{n}", "政策文件", "csjd", [], []);

    private static SourceObservation StaleNews(int n) =>
        Column($"news{n}", "动态要闻", "jyj", [], [Document($"/news{n}/t1.html", "教育动态", "2026-11-01", body: "x")]);

    private static SourceObservation FreshHome() => Homepage(D("2026-11-30")) with { Identity = FullIdentity };

    [Fact]
    public void The_site_checks_file_carries_veto_and_early_warning_lines()
    {
        var checks = TestRules.Set.SiteChecks;
        Assert.Equal((14, 10), (checks.Homepage.MaxAgeDays, checks.Homepage.WarningAgeDays));
        Assert.Equal(new CountLines(2, 5), checks.ColumnCounts!.Blank!.Lines);
        Assert.Equal(new CountLines(6, 10), checks.ColumnCounts.NotUpdated!.Lines);
        Assert.Equal(5, checks.ColumnCounts.Stale!.Lines.VetoAtLeast);
        Assert.Equal((20, 15, 7, 3d, 5d), (checks.Availability!.ProbesPerDay, checks.Availability.TimeoutSeconds, checks.Availability.WindowDays, checks.Availability.WarningPercent, checks.Availability.VetoPercent));
        Assert.Equal((14, 10), (checks.NewMedia!.MaxAgeDays, checks.NewMedia.WarningAgeDays));
        Assert.Equal(5, checks.Identity!.Elements.Count);
        Assert.Equal(["SiteName", "SiteDomain", "SiteIDCode"], checks.MetaTags!.SitePages);
        Assert.All(new SiteCheckRule?[] { checks.Homepage, checks.Availability, checks.NewMedia, checks.DateMismatch, checks.Identity, checks.MetaTags, checks.BrokenLinks },
            c => Assert.NotNull(c));
    }

    [Fact]
    public void An_early_warning_line_not_below_its_veto_line_is_an_error()
    {
        using var rules = OverlaidRules.Broken("warning-above-veto");
        var error = Assert.Single(RuleSetLoader.Load(rules.Directory).Errors);
        Assert.Equal(("rules/site-checks.yaml", "homepage.warningAgeDays"), (error.File, error.Key));
        Assert.Contains("必须低于否决线", error.Message);
    }

    [Fact]
    public void A_version_history_out_of_order_is_an_error()
    {
        using var rules = OverlaidRules.Broken("version-history-order");
        var error = Assert.Single(RuleSetLoader.Load(rules.Directory).Errors);
        Assert.Equal(("rules/ruleset.yaml", "versions[1].effective"), (error.File, error.Key));
    }

    [Fact]
    public void Two_blank_columns_stay_below_the_early_warning_line()
    {
        var result = Run(Input(FreshHome(), Blank(1), Blank(2)));

        Assert.Equal(2, result.Findings.Count(f => f.Kind == FindingKind.BlankColumn));
        Assert.DoesNotContain(result.Findings, f => f.SourceId is null);
        Assert.Equal(SiteCheckState.Passed, result.SiteChecks.Single(c => c.Id == "blank-columns").State);
    }

    [Fact]
    public void Three_blank_columns_give_one_site_level_warning_owned_by_the_supervision_office()
    {
        var input = Input(FreshHome(), Blank(1), Blank(2), Blank(3)) with { SupervisionOfficeId = "zwgkb" };

        var result = Run(input);

        var site = Assert.Single(result.Findings, f => f.SourceId is null);
        Assert.Equal((FindingKind.BlankColumn, Severity.Warning, "zwgkb"), (site.Kind, site.Severity, site.DepartmentId));
        Assert.Contains("3 个空白栏目", site.Message);
        Assert.Contains("blank3", site.Message);
        Assert.Equal(3, result.Findings.Count(f => f.Kind == FindingKind.BlankColumn && f.SourceId is not null));
        Assert.Equal(3, site.Evidence.Count);
    }

    [Fact]
    public void Five_blank_columns_are_a_veto_that_fails_the_site_and_falls_to_the_homepage_owner()
    {
        var result = Run(Input([FreshHome(), .. Enumerable.Range(1, 5).Select(Blank)]));

        var site = Assert.Single(result.Findings, f => f.SourceId is null);
        Assert.Equal((Severity.Veto, "szfb"), (site.Severity, site.DepartmentId));
        Assert.Contains("达到 5 个的单项否决线", site.Message);
        var score = result.Scores.Single(s => s.Scope == ScoreScope.Site);
        Assert.True(score.Vetoed);
        Assert.Equal(0, score.Value);
    }

    [Fact]
    public void Five_stale_news_columns_are_a_site_level_stale_column_veto()
    {
        var result = Run(Input([FreshHome(), .. Enumerable.Range(1, 5).Select(StaleNews)]));

        var site = Assert.Single(result.Findings, f => f.SourceId is null);
        Assert.Equal((FindingKind.StaleColumn, Severity.Veto), (site.Kind, site.Severity));
        Assert.Contains("不更新 5 个", site.Message);
        Assert.Equal(5, result.Findings.Count(f => f.Kind == FindingKind.StaleColumn && f.SourceId is not null));
    }

    [Fact]
    public void A_site_level_warning_deducts_nothing_beyond_its_columns()
    {
        var three = Run(Input(FreshHome(), Blank(1), Blank(2), Blank(3)));
        var site = three.Scores.Single(s => s.Scope == ScoreScope.Site);
        // 60 + (25 − 3 × 5) + 15: the site-level warning adds no deduction of its own.
        Assert.Equal(85, site.Value);
    }

    [Theory]
    [InlineData("2026-11-20", "2026-11-20", "2026-11-20", "2026-11-20", false)]
    [InlineData("2026-11-20", "2026-11-18", "2026-11-20", "2026-11-20", true)]
    [InlineData("2026-11-20", "2026-11-20", "2026-11-20", "2026-11-10", true)]
    [InlineData("2026-11-20", "2026-11-20", null, null, false)]
    public void A_document_whose_dates_disagree_gets_a_date_mismatch_warning(string list, string pub, string? shown, string? metadata, bool mismatch)
    {
        var doc = Document("/tzgg/t1.html", "关于停电的通知", list, body: "通知") with
        {
            PublishedAt = new DateTimeOffset(D(pub).ToDateTime(new TimeOnly(9, 30)), TimeSpan.FromHours(8)),
            DisplayedDate = shown is null ? null : D(shown),
            MetadataPublishDate = metadata is null ? null : D(metadata),
        };

        var result = Run(Input(Column("tzgg", "通知公告", "szfb", [], [doc])));

        if (mismatch)
        {
            var finding = Assert.Single(result.Findings);
            Assert.Equal((FindingKind.DateMismatch, Severity.Warning, "/tzgg/t1.html"), (finding.Kind, finding.Severity, new Uri(finding.DocumentUrl!).AbsolutePath));
            Assert.Contains("日期不一致", finding.Message);
            Assert.Equal(SiteCheckState.Failed, result.SiteChecks.Single(c => c.Id == "date-mismatch").State);
        }
        else
        {
            Assert.Empty(result.Findings);
        }
    }

    [Fact]
    public void A_pub_date_late_in_the_evening_utc_is_compared_as_a_Shanghai_date()
    {
        // 2026-11-19T17:00Z is 2026-11-20 01:00 in Shanghai: the same day as the list date.
        var doc = Document("/tzgg/t2.html", "关于停水的通知", "2026-11-20", body: "通知") with
        {
            PublishedAt = new DateTimeOffset(2026, 11, 19, 17, 0, 0, TimeSpan.Zero),
        };

        Assert.Empty(Run(Input(Column("tzgg", "通知公告", "szfb", [], [doc]))).Findings);
    }

    [Fact]
    public void Every_check_is_listed_and_those_without_observations_are_not_assessed()
    {
        var result = Run(Input(Homepage(D("2026-11-30"))));

        var ids = result.SiteChecks.Select(c => c.Id).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Contains("availability", ids);
        Assert.Contains("new-media", ids);
        Assert.Equal(5, ids.Count(i => i.StartsWith("identity-", StringComparison.Ordinal)));
        Assert.Equal(SiteLevelNeedsProbing, result.SiteChecks.Single(c => c.Id == "availability").Detail);
        Assert.Equal(SiteCheckState.NotAssessed, result.SiteChecks.Single(c => c.Id == "new-media").State);
        Assert.All(result.SiteChecks.Where(c => c.Id.StartsWith("identity-", StringComparison.Ordinal)), c => Assert.Equal(SiteCheckState.NotAssessed, c.State));
        Assert.All(result.SiteChecks, c => Assert.False(string.IsNullOrWhiteSpace(c.Basis)));
        Assert.Empty(result.Findings);
    }

    private const string SiteLevelNeedsProbing = "需按日持续探测，本次单次扫描不作评价";

    [Fact]
    public void Identity_elements_pass_or_fail_and_each_failure_costs_the_site_two_points()
    {
        var home = Homepage(D("2026-11-30")) with { Identity = FullIdentity with { Icp = false, FindErrorEntry = false } };

        var result = Run(Input(home));

        Assert.Equal(SiteCheckState.Passed, result.SiteChecks.Single(c => c.Id == "identity-site-id-code").State);
        Assert.Contains("3307820001", result.SiteChecks.Single(c => c.Id == "identity-site-id-code").Detail);
        Assert.Equal(SiteCheckState.Failed, result.SiteChecks.Single(c => c.Id == "identity-icp").State);
        Assert.Equal("首页未发现“我为政府网站找错”入口", result.SiteChecks.Single(c => c.Id == "identity-find-error-entry").Detail);
        Assert.Empty(result.Findings);
        Assert.Equal(96, result.Scores.Single(s => s.Scope == ScoreScope.Site).Value);
        Assert.Equal(100, result.Scores.Single(s => s.Key == "szfb").Value);
    }

    [Fact]
    public void A_malformed_site_id_code_fails()
    {
        var result = Run(Input(Homepage(D("2026-11-30")) with { Identity = FullIdentity with { SiteIdCodeValue = "33078" } }));
        Assert.Equal(SiteCheckState.Failed, result.SiteChecks.Single(c => c.Id == "identity-site-id-code").State);
    }

    [Fact]
    public void Articles_lacking_standard_meta_tags_fail_the_meta_check_and_cost_one_point_per_class()
    {
        var full = new HashSet<string>(["SiteName", "SiteDomain", "SiteIDCode", "ArticleTitle", "PubDate", "ContentSource"], StringComparer.Ordinal);
        var lacking = new HashSet<string>(["sitename", "SiteDomain", "SiteIDCode", "ArticleTitle", "PubDate"], StringComparer.Ordinal);
        var column = Column("tzgg", "通知公告", "szfb", [],
        [
            Document("/tzgg/1.html", "通知一", "2026-11-20", body: "x") with { MetaNames = full },
            Document("/tzgg/2.html", "通知二", "2026-11-21", body: "x") with { MetaNames = lacking },
        ]);

        var result = Run(Input(FreshHome(), column));

        var article = result.SiteChecks.Single(c => c.Id == "meta-article");
        Assert.Equal(SiteCheckState.Failed, article.State);
        Assert.Contains("ContentSource（1 个）", article.Detail);
        Assert.Equal(SiteCheckState.Passed, result.SiteChecks.Single(c => c.Id == "meta-site").State);
        Assert.Equal(SiteCheckState.NotAssessed, result.SiteChecks.Single(c => c.Id == "meta-column").State);
        Assert.Equal(99, result.Scores.Single(s => s.Scope == ScoreScope.Site).Value);
    }

    [Theory]
    [InlineData(10, null)]
    [InlineData(11, Severity.Warning)]
    [InlineData(14, Severity.Warning)]
    [InlineData(15, Severity.Veto)]
    public void An_account_without_posts_for_more_than_10_days_warns_and_for_more_than_14_is_a_veto(int age, Severity? expected)
    {
        var account = new AccountObservation("wx-jyj", "义乌教育", "微信公众号", "http://127.0.0.1/wx/jyj/feed.xml", "jyj", true, null,
            D("2026-12-01").AddDays(-age), ["e7"]);

        var result = Run(Input(FreshHome()) with { Accounts = [account] });

        var newMedia = result.SiteChecks.Single(c => c.Id == "new-media");
        if (expected is { } severity)
        {
            var finding = Assert.Single(result.Findings);
            Assert.Equal((FindingKind.StaleAccount, severity, "wx-jyj", "jyj"), (finding.Kind, finding.Severity, finding.SourceId, finding.DepartmentId));
            Assert.Contains($"已 {age} 天未更新", finding.Message);
            Assert.Equal(SiteCheckState.Failed, newMedia.State);
        }
        else
        {
            Assert.Empty(result.Findings);
            Assert.Equal(SiteCheckState.Passed, newMedia.State);
        }
    }

    [Theory]
    [InlineData(140, 0, null, SiteCheckState.Passed)]
    [InlineData(140, 5, Severity.Warning, SiteCheckState.Failed)]
    [InlineData(140, 7, Severity.Veto, SiteCheckState.Failed)]
    [InlineData(70, 7, null, SiteCheckState.NotAssessed)]
    public void Homepage_availability_is_judged_on_a_full_probing_window(int probes, int failures, Severity? expected, SiteCheckState state)
    {
        var availability = new AvailabilityObservation(D("2026-11-24"), D("2026-11-30"), probes, failures, probes / 7);
        var result = Run(Input(FreshHome() with { Availability = availability }));

        Assert.Equal(state, result.SiteChecks.Single(c => c.Id == "availability").State);
        if (expected is { } severity)
        {
            var finding = Assert.Single(result.Findings);
            Assert.Equal((FindingKind.Unreachable, severity, "home", "2026-11-24/2026-11-30"), (finding.Kind, finding.Severity, finding.SourceId, finding.Period));
        }
        else
        {
            Assert.Empty(result.Findings);
        }
    }

    [Fact]
    public void A_compliant_site_with_full_observations_gives_no_findings_and_passes_every_assessed_check()
    {
        var meta = new HashSet<string>(["SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle", "PubDate", "ContentSource"], StringComparer.Ordinal);
        var home = FreshHome() with { PageMetaNames = meta };
        var column = Column("tzgg", "通知公告", "szfb", [], [Document("/tzgg/1.html", "通知一", "2026-11-20", body: "x") with { MetaNames = meta, MetadataPublishDate = D("2026-11-20") }])
            with { PageMetaNames = meta };

        var result = Run(Input(home, column));

        Assert.Empty(result.Findings);
        Assert.DoesNotContain(result.SiteChecks, c => c.State == SiteCheckState.Failed);
        Assert.Equal(100, result.Scores.Single(s => s.Scope == ScoreScope.Site).Value);
    }
}
