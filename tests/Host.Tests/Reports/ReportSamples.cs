using Monitor.Host.Reports;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Tests.Reports;

/// <summary>
/// Report models shaped like a scan of the sample portal (docs/sample-portal.md): four units, one
/// column that could not be assessed, findings of every severity, two units tied on score.
/// Kept in the Reports folder because this engineer owns only tests/Host.Tests/Reports.
/// </summary>
internal static class ReportSamples
{
    public static readonly DateTimeOffset AsOf = new(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8));

    public const string SiteName = "义乌市人民政府门户网站（示例）";

    public static readonly string FullHash = "sha256:" + "0123456789abcdef" + new string('e', 48);

    public static ReportModel Typical() => new(
        SiteName,
        AsOf,
        "2026.1",
        [
            new DepartmentInfo("szfb", "市人民政府办公室", DepartmentKind.Office),
            new DepartmentInfo("jyj", "市教育局", DepartmentKind.Department),
            new DepartmentInfo("gtj", "市国土资源局", DepartmentKind.Department),
            new DepartmentInfo("csjd", "城西街道办事处", DepartmentKind.Town),
        ],
        [
            new SourceAssessment("home", "https://www.yiwu.example.gov.cn/index.html", "szfb", true, null),
            new SourceAssessment("ywjy", "https://www.yiwu.example.gov.cn/jyj/ywjy/index.html", "jyj", true, null),
            new SourceAssessment("zdbc", "https://www.yiwu.example.gov.cn/zfxxgk/zdbc/index.html", "gtj", true, null),
            new SourceAssessment("jyj-jydt", "https://www.yiwu.example.gov.cn/jyj/jydt/index.html", "jyj", false, "列表第3页连续3次超时，分页不完整"),
        ],
        new Dictionary<string, string>
        {
            ["home"] = "首页",
            ["ywjy"] = "义务教育",
            ["zdbc"] = "征地补偿",
            ["jyj-jydt"] = "教育动态",
        },
        [
            Finding("f-home", FindingKind.StaleHomepage, Severity.Veto, "szfb", "home", null, "首页最新信息为2026年11月10日，已超过两周未更新"),
            Finding("f-zsfa", FindingKind.MissingItem, Severity.Alert, "jyj", "ywjy", "ywjy-zsfa", "义务教育招生方案未公开") with { DueDate = new DateOnly(2026, 11, 20) },
            Finding("f-hpfw", FindingKind.DueSoon, Severity.Warning, "jyj", "ywjy", "ywjy-hpfw", "学区划片范围将于12月4日到期") with { DueDate = new DateOnly(2026, 12, 4) },
            Finding("f-link", FindingKind.BrokenLink, Severity.Notice, "gtj", "zdbc", null, "附件链接返回404") with
            {
                DocumentUrl = "https://www.yiwu.example.gov.cn/zfxxgk/zdbc/202611/t20261105_1000200.html",
                TargetUrl = "https://www.yiwu.example.gov.cn/zfxxgk/zdbc/202611/W020261105_1.pdf",
            },
            Finding("f-ygg", FindingKind.LatePublication, Severity.Alert, "csjd", "zdbc", "zdbc-ygg", "征地预公告超期5个工作日公开") with
            {
                DueDate = new DateOnly(2027, 1, 29),
                Provisional = true,
            },
        ],
        [
            new Score(ScoreScope.Site, "site", 88.5, 100, "2026-11", 40, 35),
            new Score(ScoreScope.Department, "szfb", 60, 100, "2026-11", 5, 3),
            new Score(ScoreScope.Department, "jyj", 72, 100, "2026-11", 12, 9),
            new Score(ScoreScope.Department, "gtj", 95, 100, "2026-11", 10, 9),
            new Score(ScoreScope.Town, "csjd", 47.5, 50, "2026-11", 4, 3),
            new Score(ScoreScope.Area, "义务教育", 80, 100, "2026-11", 12, 9),
        ],
        ["2027年节假日安排尚未公布，跨年期限按周末推算，标记为“暂定”。"]);

    public static Finding Finding(string id, FindingKind kind, Severity severity, string department, string? source, string? item, string message) => new(
        Id: id,
        Kind: kind,
        Severity: severity,
        ItemId: item,
        Area: item is null ? null : "义务教育",
        SourceId: source,
        DepartmentId: department,
        DocumentUrl: null,
        TargetUrl: null,
        Period: "2026-11",
        DueDate: null,
        Provisional: false,
        DetectedAt: AsOf,
        Message: message,
        Basis: "《政府信息公开条例》第二十六条",
        Evidence: [FullHash],
        RuleVersion: "2026.1");

    /// <summary>The typical model with text a hostile page (or a careless config) could put in every field we show.</summary>
    public static ReportModel Hostile()
    {
        const string markup = "<script>alert(1)</script><b>粗体</b><img src=x onerror=alert(2)>";
        var model = Typical();
        return model with
        {
            SiteName = "站点" + markup,
            Departments = [.. model.Departments.Select(d => d.Id == "jyj" ? d with { Name = "市教育局" + markup } : d)],
            SourceNames = model.SourceNames.ToDictionary(p => p.Key, p => p.Key == "ywjy" ? "义务教育" + markup : p.Value),
            Sources = [.. model.Sources.Select(s => s.Assessed ? s : s with { Reason = "超时" + markup })],
            Findings =
            [
                .. model.Findings,
                Finding("f-evil", FindingKind.DateMismatch, Severity.Notice, "jyj", "ywjy", "ywjy-evil", "标题" + markup) with
                {
                    DocumentUrl = "javascript:alert(3)",
                    TargetUrl = "https://evil.example.com/\"><script>alert(4)</script>",
                    Evidence = ["sha256:<script>alert(5)</script>"],
                },
            ],
            Warnings = ["提醒" + markup],
        };
    }
}
