using Monitor.RuleEngine.Evaluation;

namespace Monitor.Alerting.Tests;

public sealed class FindingLabelsTests
{
    [Theory]
    [InlineData(FindingKind.MissingItem, "应公开未公开")]
    [InlineData(FindingKind.LatePublication, "超期公开")]
    [InlineData(FindingKind.DueSoon, "即将到期")]
    [InlineData(FindingKind.MissingElement, "要素缺失")]
    [InlineData(FindingKind.StaleColumn, "栏目不更新")]
    [InlineData(FindingKind.BlankColumn, "空白栏目")]
    [InlineData(FindingKind.StaleHomepage, "首页不更新")]
    [InlineData(FindingKind.StaleAccount, "新媒体不更新")]
    [InlineData(FindingKind.BrokenLink, "链接失效")]
    [InlineData(FindingKind.Unreachable, "无法访问")]
    [InlineData(FindingKind.RemovedDocument, "文件被撤下")]
    [InlineData(FindingKind.DateMismatch, "日期不一致")]
    public void Every_kind_has_its_agreed_chinese_label(FindingKind kind, string label)
    {
        Assert.Equal(label, FindingLabels.KindChinese(kind));
    }

    [Fact]
    public void Every_kind_has_a_distinct_instruction()
    {
        var actions = Enum.GetValues<FindingKind>().Select(FindingLabels.ActionChinese).ToList();

        Assert.All(actions, a => Assert.False(string.IsNullOrWhiteSpace(a)));
        Assert.Equal(actions.Count, actions.Distinct().Count());
    }

    [Fact]
    public void Severities_are_listed_from_veto_to_notice_and_all_of_them()
    {
        Assert.Equal([Severity.Veto, Severity.Alert, Severity.Warning, Severity.Notice], FindingLabels.SeveritiesMostSeriousFirst);
        Assert.Equal(Enum.GetValues<Severity>().Length, FindingLabels.SeveritiesMostSeriousFirst.Count);
    }
}
