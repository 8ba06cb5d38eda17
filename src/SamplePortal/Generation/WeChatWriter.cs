using System.Globalization;

namespace Monitor.SamplePortal.Generation;

/// <summary>
/// Writes the posts of the mirrored WeChat accounts. Every draw happens whether or not a fault is planted, so a
/// fault only moves dates (stale account) or swaps one page (deleted post).
/// </summary>
internal static class WeChatWriter
{
    /// <summary>Number of 义乌发布 posts.</summary>
    public const int YwfbCount = 12;

    /// <summary>Number of 义乌教育 posts.</summary>
    public const int YwjyCount = 10;

    /// <summary>With stale-account on, the newest 义乌教育 post is this many days old.</summary>
    public const int StaleAccountDays = 16;

    /// <summary>0-based index (newest first) of the 义乌发布 post the publisher deleted.</summary>
    public const int DeletedYwfbIndex = 2;

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static readonly string[] YwfbTopics =
    [
        "义乌这项改革入选省级典型案例", "本周末全市公园开放时间调整", "义乌市民办事又有新变化", "一图读懂今年民生实事进展",
        "国际商贸城四区迎来新一批采购商", "义乌新增一批城市书房", "关于做好冬季安全生产的提醒", "义乌公交优化调整部分线路",
        "市政府常务会议研究部署近期重点工作", "义乌数字化改革成果发布", "这些政务服务事项可以“掌上办”了", "义乌开展城乡风貌整治提升行动",
        "义乌发布冬季防火安全提示", "全市优化营商环境大会召开",
    ];

    private static readonly string[] YwjyTopics =
    [
        "义乌教育系统开展教师教学技能比武", "我市中小学课后服务再升级", "义乌多所学校获评省级示范学校", "致全市中小学生家长的一封信",
        "义乌举办中小学生艺术节", "我市开展校园安全专项检查", "义乌教育局发布寒假安全提示", "义乌学子在省级竞赛中获佳绩",
        "全市中小学心理健康教育工作推进会召开", "义乌推进集团化办学", "我市启动“书香校园”建设",
    ];

    public static List<WeChatPost> Ywfb(SeededChoice choice, DateOnly asOf, bool deletedOn)
    {
        var newest = asOf.AddDays(-choice.Between(1, 3));
        return Posts(choice, SiteLayout.WxYwfb, newest, YwfbCount, 1, 2, YwfbTopics, i => deletedOn && i == DeletedYwfbIndex, Government);
    }

    public static List<WeChatPost> Ywjy(SeededChoice choice, DateOnly asOf, bool staleOn)
    {
        var newest = asOf.AddDays(staleOn ? -StaleAccountDays : -2);
        return Posts(choice, SiteLayout.WxYwjy, newest, YwjyCount, 2, 4, YwjyTopics, _ => false, Education);
    }

    private static List<WeChatPost> Posts(
        SeededChoice choice,
        WeChatAccount account,
        DateOnly newest,
        int count,
        int minGap,
        int maxGap,
        string[] topics,
        Func<int, bool> deleted,
        Func<SeededChoice, string, IReadOnlyList<string>> body)
    {
        var titles = choice.Shuffled(topics);
        var posts = new List<WeChatPost>(count);
        var date = newest;
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var mid = 2_650_000_000L + (long.Parse(account.NumericId, CultureInfo.InvariantCulture) % 1000 * 1000) + choice.Between(0, 99);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                date = date.AddDays(-choice.Between(minGap, maxGap));
            }

            var time = new TimeOnly(7, 0).AddMinutes(choice.Between(0, 14 * 60 - 1));
            var title = titles[i % titles.Count];
            var token = Token(choice);
            while (!tokens.Add(token))
            {
                token = Token(choice);
            }

            mid += choice.Between(1, 3);
            var sn = Hex(choice, 32);
            var paragraphs = body(choice, title);
            posts.Add(new WeChatPost(
                account.Id,
                title,
                $"/wechat/s/{token}.html",
                new DateTimeOffset(date.ToDateTime(time), Beijing),
                paragraphs[0],
                deleted(i))
            {
                Mid = mid,
                Sn = sn,
                Paragraphs = paragraphs,
            });
        }

        return posts;
    }

    private static IReadOnlyList<string> Government(SeededChoice choice, string title) =>
    [
        $"{title}。记者从市有关部门获悉，相关工作已于近日全面启动。",
        $"据介绍，今年以来全市累计推进相关项目{choice.Between(10, 80)}个，惠及群众{choice.Between(2, 30)}万余人次。",
        "下一步，有关部门将持续跟踪落实情况，及时回应群众关切。",
        "来源：义乌市人民政府办公室（示例）",
    ];

    private static IReadOnlyList<string> Education(SeededChoice choice, string title) =>
    [
        $"{title}。全市{choice.Between(20, 120)}所中小学参与。",
        "活动旨在进一步提升教育教学质量，促进学生全面发展。",
        "市教育局相关负责人表示，将持续深化教育改革，办好人民满意的教育。",
        "来源：义乌市教育局（示例）",
    ];

    // mp.weixin.qq.com short links use 22 characters of base64url.
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static string Token(SeededChoice choice) =>
        string.Create(22, choice, (span, c) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = TokenAlphabet[c.Between(0, TokenAlphabet.Length - 1)];
            }
        });

    private static string Hex(SeededChoice choice, int length) =>
        string.Create(length, choice, (span, c) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = "0123456789abcdef"[c.Between(0, 15)];
            }
        });
}
