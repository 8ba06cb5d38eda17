using Monitor.RuleEngine.Evaluation;
using static Monitor.RuleEngine.Tests.Support.Some;
using TestRules = Monitor.RuleEngine.Tests.Support.Rules;

namespace Monitor.RuleEngine.Tests.Evaluation;

/// <summary><c>removed-document</c>: documents seen published that have disappeared, on columns and on WeChat accounts.</summary>
public sealed class RemovalTests
{
    private static readonly string Before = new('a', 64);
    private static readonly string After = new('b', 64);

    private static ObservedRemoval Removal(string path) => new(
        Url(path), "关于公布城西街道征地补偿标准的公告", AsOf.AddDays(-9), AsOf, "HTTP 404", Before, After);

    private static EvaluationResult Run(EvaluationInput input) => Evaluator.Evaluate(input, TestRules.Set, TestRules.Calendar);

    [Fact]
    public void A_removed_column_document_is_a_warning_with_the_evidence_of_before_and_after()
    {
        var column = Column("zdbc", "信息公开目录", "gtj", [], [Document("/zdbc/t2.html", "征地公告", "2026-11-20", body: "x")])
            with { Removed = [Removal("/zdbc/t1.html")] };

        var finding = Assert.Single(Run(Input(column)).Findings, f => f.Kind == FindingKind.RemovedDocument);

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(("zdbc", "gtj", Url("/zdbc/t1.html")), (finding.SourceId, finding.DepartmentId, finding.DocumentUrl));
        Assert.Equal(["sha256:" + Before, "sha256:" + After], finding.Evidence);
        Assert.Contains("HTTP 404", finding.Message);
        Assert.Contains("关于公布城西街道征地补偿标准的公告", finding.Message);
    }

    [Fact]
    public void Each_removed_document_has_its_own_stable_id()
    {
        var column = Column("zdbc", "信息公开目录", "gtj", [], [Document("/zdbc/t2.html", "征地公告", "2026-11-20", body: "x")])
            with { Removed = [Removal("/zdbc/t1.html"), Removal("/zdbc/t3.html")] };

        var first = Run(Input(column)).Findings.Where(f => f.Kind == FindingKind.RemovedDocument).Select(f => f.Id).ToList();
        var again = Run(Input(AsOf.AddDays(1), column)).Findings.Where(f => f.Kind == FindingKind.RemovedDocument).Select(f => f.Id).ToList();

        Assert.Equal(2, first.Distinct().Count());
        Assert.Equal(first, again);
    }

    [Fact]
    public void A_source_that_could_not_be_checked_reports_no_removal()
    {
        var column = Unreachable(Column("zdbc", "信息公开目录", "gtj", [], []), "列表页获取失败：HTTP 500") with { Removed = [Removal("/zdbc/t1.html")] };

        Assert.DoesNotContain(Run(Input(column)).Findings, f => f.Kind == FindingKind.RemovedDocument);
    }

    [Fact]
    public void A_deleted_wechat_article_is_a_removal_of_its_account()
    {
        var account = new AccountObservation("wx-ywfb", "义乌发布（示例）", "微信公众号", Url("/wechat/ywfb/feed.xml"), "szfb", true, null, D("2026-11-30"), [])
        {
            Removed = [Removal("/wechat/s/abc.html") with { How = "该内容已被发布者删除" }],
        };

        var result = Run(Input(Homepage(D("2026-11-30"))) with { Accounts = [account] });

        var finding = Assert.Single(result.Findings, f => f.Kind == FindingKind.RemovedDocument);
        Assert.Equal(("wx-ywfb", "szfb", Url("/wechat/s/abc.html")), (finding.SourceId, finding.DepartmentId, finding.DocumentUrl));
        Assert.Contains("该内容已被发布者删除", finding.Message);
        Assert.DoesNotContain(result.Findings, f => f.Kind == FindingKind.StaleAccount);
    }
}
