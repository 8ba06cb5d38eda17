using Monitor.RuleEngine.Evaluation;
using static Monitor.RuleEngine.Tests.Support.Some;
using TestRules = Monitor.RuleEngine.Tests.Support.Rules;

namespace Monitor.RuleEngine.Tests.Evaluation;

/// <summary>
/// Guards the contract of docs/sample-portal.md: documents shaped as the sample portal describes
/// them (title keywords, element keywords, sources expecting all items of an area) give exactly the
/// planted faults of the default sample — no more (precision), no fewer (recall).
/// </summary>
public sealed class SamplePortalContractTests
{
    private static IReadOnlyList<string> AllOf(string area) =>
        TestRules.Set.Items.Where(i => i.Area == area).Select(i => i.Id).ToList();

    private static ObservedDocument Doc(string path, string title, string published, string? written, string body) =>
        Document(path, title, published, written, body);

    [Fact]
    public void The_default_sample_gives_exactly_its_planted_faults()
    {
        var bcazFull = "征收范围 土地现状 征收目的 补偿方式和标准 安置对象 安置方式 社会保障 补偿登记 异议";
        var yggBody = "征收目的 拟征收范围 土地现状调查安排 不得抢栽抢种抢建";
        var sources = new[]
        {
            Homepage(D("2026-11-11")),
            Column("dtyw", "动态要闻", "szfb", [], [Doc("/xwzx/dtyw/202611/t20261128_1.html", "市政府召开常务会议", "2026-11-28", null, "会议")]),
            Column("tzgg", "通知公告", "szfb", [], [Doc("/art/2026/11/20/art_1229000002_1.html", "关于停电的通知", "2026-11-20", null, "通知")]),
            Column("jyj-jydt", "动态要闻", "jyj", [], [Doc("/jyj/jydt/202611/t20261101_2.html", "全市教育工作会议召开", "2026-11-01", null, "会议")]),
            Column("bzxzf", "信息公开目录", "cgw", AllOf("bzxzf"),
            [
                Doc("/art/2026/11/9/art_1229000010_1000450.html", "义乌市公共租赁住房管理办法", "2026-11-09", "2026-10-28", "义城管〔2026〕12号 正文 自2026年12月1日起施行"),
                Doc("/art/2026/10/9/art_1229000010_1000457.html", "义乌市保障性住房实施细则", "2026-10-09", "2026-08-24", "义城管〔2026〕9号 正文 自2026年10月1日起施行"),
                Doc("/art/2026/9/1/art_1229000010_1000440.html", "关于《义乌市人才住房管理办法（征求意见稿）》公开征求意见的公告", "2026-09-01", "2026-08-27", "征求意见稿 请于30日内反馈意见"),
                Doc("/art/2026/8/3/art_1229000010_1000430.html", "2026年第二批公租房承租资格审核结果公示", "2026-08-03", "2026-07-24", "申请人 审核结果 公示期7天"),
                Doc("/art/2026/6/8/art_1229000010_1000420.html", "城西公租房项目摇号公告", "2026-06-08", "2026-06-01", "房源 摇号时间 摇号地点"),
                Doc("/art/2026/3/16/art_1229000010_1000410.html", "义乌市2026年度保障性住房建设计划", "2026-03-16", "2026-03-05", "建设任务 资金安排"),
                Doc("/art/2025/3/14/art_1229000010_1000310.html", "义乌市2025年度保障性住房建设计划", "2025-03-14", "2025-03-04", "建设任务 资金安排"),
            ],
            [new ObservedLink(Url("/art/2026/11/9/art_1229000010_1000450.html"), Url("/module/download/downfile.jsp?classid=0&filename=1000450_1.pdf"), 404, null, true, ["e5"])]),
            Column("zdbc", "信息公开目录", "gtj", AllOf("zdbc"),
            [
                Doc("/zfxxgk/zdbc/202601/t20260112_3.html", "义乌市征收农用地区片综合地价", "2026-01-12", "2026-01-05", "区片综合地价标准 58000元/亩 适用范围"),
                Doc("/zfxxgk/zdbc/202610/t20261012_4.html", "义乌市人民政府征收土地预公告（2026第8号）", "2026-10-12", "2026-10-09", yggBody),
                Doc("/zfxxgk/zdbc/202610/t20261030_5.html", "稠城街道征地补偿安置方案公告", "2026-10-30", "2026-10-26", bcazFull),
                Doc("/zfxxgk/zdbc/202611/t20261106_6.html", "北苑街道征地补偿安置方案公告", "2026-11-06", "2026-11-02", bcazFull.Replace("社会保障 ", "", StringComparison.Ordinal)),
                Doc("/zfxxgk/zdbc/202611/t20261120_7.html", "义乌市人民政府征收土地公告", "2026-11-20", "2026-11-10", "批准机关 批准文号 征收范围 救济途径"),
            ],
            [new ObservedLink(Url("/zfxxgk/zdbc/202611/t20261120_7.html"), Url("/zfxxgk/zdbc/202611/gone.html"), 404, null, true, ["f6"])]),
            Column("ywjy", "信息公开目录", "jyj", AllOf("ywjy"),
            [
                Doc("/jyj/ywjy/202605/t20260510_8.html", "2026年义务教育招生工作实施方案", "2026-05-10", "2026-05-06", "实施方案 随迁子女 延缓入学"),
                Doc("/jyj/ywjy/202605/t20260518_9.html", "2026年城区公办学校招生范围", "2026-05-18", "2026-05-12", "招生范围 学区"),
                Doc("/jyj/ywjy/202505/t20250520_10.html", "2025年义务教育学校招生计划", "2025-05-20", "2025-05-14", "招生计划"),
                Doc("/jyj/ywjy/202603/t20260302_11.html", "义乌市义务教育学校名录", "2026-03-02", "2026-02-26", "学校名称 学校地址 办学层次 办学类型 办公电话"),
                Doc("/jyj/ywjy/202609/t20260907_12.html", "义务教育家庭经济困难学生资助政策", "2026-09-07", "2026-09-01", "两免一补"),
            ]),
            Column("csjd-zdxx", "信息公开目录", "csjd", ["zdbc-ygg", "zdbc-bcaz"],
            [
                Doc("/art/2026/10/15/art_1229000020_5.html", "城西街道征收土地预公告", "2026-10-15", "2026-10-12", yggBody),
                Doc("/art/2026/11/2/art_1229000020_6.html", "城西街道征地补偿安置方案公告", "2026-11-02", "2026-10-28", bcazFull),
            ]),
            Column("csjd-zcjd", "政策文件", "csjd", [], []),
        };

        var result = Evaluator.Evaluate(Input(sources), TestRules.Set, TestRules.Calendar);

        var actual = result.Findings.Select(f => $"{f.Kind.ToWire()}/{f.SourceId}/{f.ItemId}").Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "blank-column/csjd-zcjd/",
                "broken-link/bzxzf/",
                "broken-link/zdbc/",
                "late-publication/bzxzf/bzxzf-zcwj",
                "missing-element/zdbc/zdbc-bcaz",
                "missing-item/ywjy/ywjy-zsjh",
                "stale-column/jyj-jydt/",
                "stale-homepage/home/",
            ],
            actual);
        var late = result.Findings.Single(f => f.Kind == FindingKind.LatePublication);
        Assert.Equal("/art/2026/10/9/art_1229000010_1000457.html", new Uri(late.DocumentUrl!).AbsolutePath);
        Assert.Contains("社会保障", result.Findings.Single(f => f.Kind == FindingKind.MissingElement).Message);
    }
}
