using Monitor.RuleEngine.Evaluation;

namespace Monitor.Alerting;

/// <summary>
/// The one place for the Chinese wording of finding kinds and of what a unit should do about each,
/// shared by warning mails, the HTML report and the console summary so they never disagree.
/// </summary>
public static class FindingLabels
{
    /// <summary>Severities from the most to the least serious; mails and reports list findings in this order.</summary>
    public static IReadOnlyList<Severity> SeveritiesMostSeriousFirst { get; } =
        [Severity.Veto, Severity.Alert, Severity.Warning, Severity.Notice];

    /// <summary>Chinese label of a finding kind (e.g. missing-item → 应公开未公开).</summary>
    public static string KindChinese(FindingKind kind) => kind switch
    {
        FindingKind.MissingItem => "应公开未公开",
        FindingKind.LatePublication => "超期公开",
        FindingKind.DueSoon => "即将到期",
        FindingKind.MissingElement => "要素缺失",
        FindingKind.StaleColumn => "栏目不更新",
        FindingKind.BlankColumn => "空白栏目",
        FindingKind.StaleHomepage => "首页不更新",
        FindingKind.StaleAccount => "新媒体不更新",
        FindingKind.BrokenLink => "链接失效",
        FindingKind.Unreachable => "无法访问",
        FindingKind.RemovedDocument => "文件被撤下",
        FindingKind.DateMismatch => "日期不一致",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A short Chinese instruction telling the responsible unit what to do about a finding of this kind.</summary>
    public static string ActionChinese(FindingKind kind) => kind switch
    {
        FindingKind.MissingItem => "请在期限内于对应栏目发布该事项信息",
        FindingKind.LatePublication => "请核实发布时限并完善审核发布流程",
        FindingKind.DueSoon => "请在到期前发布",
        FindingKind.MissingElement => "请补充缺失的公开要素",
        FindingKind.StaleColumn => "请及时更新栏目内容或说明情况",
        FindingKind.BlankColumn => "请补充内容或按规定整合/关闭空白栏目",
        FindingKind.StaleHomepage => "首页两周未更新即触发单项否决，请立即更新",
        FindingKind.StaleAccount => "请及时更新新媒体账号内容或按规定关停整合",
        FindingKind.BrokenLink => "请修复或删除失效链接",
        FindingKind.Unreachable => "请检查网站可访问性",
        FindingKind.RemovedDocument => "请核实文件撤下原因，如属误删请恢复发布",
        FindingKind.DateMismatch => "请核对并统一页面显示日期与发布日期",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Chinese label of a department kind (部门 / 镇街 / 办公室).</summary>
    public static string DepartmentKindChinese(DepartmentKind kind) => kind switch
    {
        DepartmentKind.Department => "部门",
        DepartmentKind.Town => "镇街",
        DepartmentKind.Office => "办公室",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
