using Monitor.Alerting.Mail;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Alerting.Tests.Support;

/// <summary>Plausible test data; tests change only the fields they are about with <c>with</c>.</summary>
internal static class Some
{
    /// <summary>2026-12-01 00:00 in Asia/Shanghai.</summary>
    public static readonly DateTimeOffset AsOf = new(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8));

    public static readonly DepartmentInfo Education = new("jyj", "市教育局", DepartmentKind.Department);

    public static readonly IReadOnlyDictionary<string, string> SourceNames = new Dictionary<string, string>
    {
        ["ywjy"] = "义务教育",
        ["jyj-jydt"] = "教育动态",
    };

    public static WarningMailOptions Options => new()
    {
        From = new MailContact("义乌市政务公开办", "gkb@yiwu.example.gov.cn"),
        SiteName = "义乌市人民政府门户网站（示例）",
        ReportUrl = "https://monitor.example.gov.cn/reports/2026-12-01.html",
    };

    public static Finding Finding(string id, FindingKind kind = FindingKind.MissingItem, Severity severity = Severity.Alert) => new(
        Id: id,
        Kind: kind,
        Severity: severity,
        ItemId: "ywjy-zsfa",
        Area: "义务教育",
        SourceId: "ywjy",
        DepartmentId: Education.Id,
        DocumentUrl: null,
        TargetUrl: null,
        Period: "2026",
        DueDate: new DateOnly(2026, 11, 20),
        Provisional: false,
        DetectedAt: AsOf,
        Message: "招生方案未在规定期限内公开",
        Basis: "《政府信息公开条例》第二十六条",
        Evidence: ["sha256:" + new string('a', 64)],
        RuleVersion: "2026.1");

    /// <summary>One veto, one alert and one warning, deliberately not in severity order.</summary>
    public static IReadOnlyList<Finding> MixedFindings() =>
    [
        Finding("f-warning", FindingKind.DueSoon, Severity.Warning) with
        {
            Message = "划片范围将于12月5日到期",
            DueDate = new DateOnly(2026, 12, 5),
        },
        Finding("f-alert", FindingKind.MissingItem, Severity.Alert),
        Finding("f-veto", FindingKind.StaleColumn, Severity.Veto) with
        {
            ItemId = null,
            Area = null,
            SourceId = "jyj-jydt",
            DueDate = null,
            Message = "栏目“教育动态”已61天未更新",
            DocumentUrl = "https://www.yiwu.example.gov.cn/jyj/jydt/index.html",
        },
    ];

    public static DepartmentMailInput Input(IReadOnlyList<Finding> findings) => new(
        Education,
        [new MailContact("市教育局政务公开联络员", "gk@jyj.yiwu.example.gov.cn")],
        findings,
        SourceNames);
}
