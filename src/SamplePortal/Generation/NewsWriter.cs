namespace Monitor.SamplePortal.Generation;

/// <summary>
/// Writes the dated news-like columns: 动态要闻, 通知公告, 教育动态 and 城西街道 政策解读. None of their
/// titles carries a catalog item keyword, so no rule can mistake them for disclosure items.
/// </summary>
internal static class NewsWriter
{
    private static readonly string[] Actors = ["市政府", "市人民政府办公室", "市城市管理委员会", "市国土资源局", "市教育局", "城西街道"];

    private static readonly string[] Topics =
    [
        "政务公开", "数字化改革", "营商环境优化", "安全生产", "城乡风貌整治", "防汛防台",
        "文明城市创建", "基层治理", "民生实事", "优化政务服务", "垃圾分类", "老旧小区改造",
    ];

    private static readonly string[] Events = ["召开{0}工作推进会", "部署{0}重点工作", "开展{0}专项督查", "举行{0}专题培训", "通报{0}工作进展"];

    private static readonly string[] Notices =
    [
        "关于开展{0}专项检查的通知", "关于做好{0}相关工作的通知", "关于举办政务开放日活动的公告",
        "关于调整部分公交线路的公告", "关于开展政务服务满意度调查的通知", "关于{0}工作安排的通知",
        "关于公布政务服务事项目录的公告", "关于做好节假日期间值班值守工作的通知",
    ];

    private static readonly string[] Schools = ["青枫小学", "柳溪小学", "云栖初级中学", "望江初级中学", "鹤鸣小学", "兰亭学校", "东篱小学", "稠园初级中学"];

    private static readonly string[] SchoolEvents =
    [
        "开展课后服务展示活动", "举行秋季运动会", "举办校园开放日活动", "开展安全教育主题班会",
        "举办读书节活动", "开展教师教学技能比武", "举办家长学校专题讲座", "开展劳动教育实践周活动",
    ];

    private static readonly string[] Policies =
    [
        "城西街道老旧小区改造实施方案", "城西街道垃圾分类工作方案", "城西街道社区养老服务提升行动方案",
        "城西街道农村人居环境整治方案", "城西街道网格化服务规范（试行）", "城西街道小微企业帮扶措施",
    ];

    /// <summary>动态要闻: <paramref name="count"/> items, newest one day before as-of, one every 2 days.</summary>
    public static List<ArticleDraft> Dtyw(SeededChoice choice, DateOnly asOf, int count) =>
        Dated(count, asOf.AddDays(-1), 2, choice, () =>
        {
            var topic = choice.Pick(Topics);
            var title = choice.Pick(Actors) + string.Format(System.Globalization.CultureInfo.InvariantCulture, choice.Pick(Events), topic);
            return (title, NewsBody(choice, topic));
        });

    /// <summary>通知公告: <paramref name="count"/> items, newest two days before as-of, one every 5 days.</summary>
    public static List<ArticleDraft> Tzgg(SeededChoice choice, DateOnly asOf, int count) =>
        Dated(count, asOf.AddDays(-2), 5, choice, () =>
        {
            var topic = choice.Pick(Topics);
            var title = string.Format(System.Globalization.CultureInfo.InvariantCulture, choice.Pick(Notices), topic);
            return (title, NoticeBody(choice, topic));
        });

    /// <summary>政务动态 (the script-built column): <paramref name="count"/> items, newest one day before as-of, one a day.</summary>
    public static List<ArticleDraft> Zwdt(SeededChoice choice, DateOnly asOf, int count) =>
        Dated(count, asOf.AddDays(-1), 1, choice, () =>
        {
            var topic = choice.Pick(Topics);
            var title = "市行政服务中心" + string.Format(System.Globalization.CultureInfo.InvariantCulture, choice.Pick(Events), topic);
            return (title, NewsBody(choice, topic));
        });

    /// <summary>教育动态: one every 2 days from <paramref name="newest"/> back.</summary>
    public static List<ArticleDraft> Jydt(SeededChoice choice, DateOnly newest, int count) =>
        Dated(count, newest, 2, choice, () =>
        {
            var school = choice.Pick(Schools);
            var title = school + choice.Pick(SchoolEvents);
            return (title, SchoolBody(choice, school));
        });

    /// <summary>政策解读: a few interpretations within the last six months (only when the blank-column fault is off).</summary>
    public static List<ArticleDraft> Zcjd(SeededChoice choice, DateOnly asOf)
    {
        var drafts = new List<ArticleDraft>();
        var policies = choice.Shuffled(Policies);
        var daysBack = new[] { choice.Between(8, 30), choice.Between(45, 75), choice.Between(95, 125), choice.Between(140, 170) };
        for (var i = 0; i < daysBack.Length; i++)
        {
            var (written, published) = choice.CompliantDates(asOf.AddDays(-daysBack[i]));
            var policy = policies[i];
            drafts.Add(new ArticleDraft(
                null,
                $"《{policy}》政策解读",
                written,
                published,
                choice.OfficeTime(),
                null,
                [
                    $"近日，《{policy}》正式印发。为便于社会公众准确理解政策内容，现就有关问题解读如下。",
                    "一、出台背景：为贯彻落实上级部署，回应辖区居民关切，街道在深入调研、广泛听取意见的基础上制定本方案。",
                    $"二、主要内容：方案明确了工作目标、重点任务和责任分工，共提出{choice.Between(8, 20)}项具体措施。",
                    "三、保障措施：街道将加强统筹协调，定期开展督查，确保各项措施落地见效。",
                    "咨询电话：0579-00000000（示例号码）。",
                ],
                []));
        }

        return drafts;
    }

    private static List<ArticleDraft> Dated(int count, DateOnly newest, int everyDays, SeededChoice choice, Func<(string Title, IReadOnlyList<string> Body)> write)
    {
        var drafts = new List<ArticleDraft>(count);
        for (var i = 0; i < count; i++)
        {
            var date = newest.AddDays(-everyDays * i);
            var (title, body) = write();
            drafts.Add(new ArticleDraft(null, title, date, date, choice.OfficeTime(), null, body, []));
        }

        return drafts;
    }

    private static IReadOnlyList<string> NewsBody(SeededChoice choice, string topic) =>
    [
        $"近日，{choice.Pick(Actors)}召开专题会议，研究部署{topic}相关工作。会议听取了有关部门的工作汇报，分析了当前形势和存在的问题。",
        $"会议指出，{topic}事关群众切身利益，各部门要进一步提高站位，压实责任，确保各项任务按期完成。",
        $"会议要求，要坚持问题导向，聚焦重点领域和薄弱环节，建立工作清单，今年累计推进重点事项{choice.Between(10, 60)}项。",
        "市级有关部门、各镇街负责同志参加会议。",
    ];

    private static IReadOnlyList<string> NoticeBody(SeededChoice choice, string topic) =>
    [
        "各镇人民政府、街道办事处，市级有关部门：",
        $"为进一步做好{topic}工作，经研究，现将有关事项通知如下。",
        $"一、工作时间：自通知印发之日起，持续{choice.Between(2, 6)}个月。",
        "二、工作要求：各单位要明确专人负责，按时报送工作进展，遇有重大情况及时报告。",
        "联系电话：0579-00000000（示例号码）。",
    ];

    private static IReadOnlyList<string> SchoolBody(SeededChoice choice, string school) =>
    [
        $"近日，{school}组织开展主题活动，全校{choice.Between(300, 1800)}余名师生参与。",
        "活动内容丰富、形式多样，充分展示了学校立德树人的办学成果。",
        "学校负责人表示，将以此次活动为契机，持续推进素质教育，促进学生全面发展。",
    ];
}
