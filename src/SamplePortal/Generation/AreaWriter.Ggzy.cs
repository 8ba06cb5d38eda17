using System.Globalization;

namespace Monitor.SamplePortal.Generation;

/// <summary>公共资源交易 (<c>ggzy</c>, 市行政服务中心): tender notices, candidate lists and procurement results.</summary>
internal sealed partial class AreaWriter
{
    /// <summary>Working days between 成文日期 and 发布日期 of the late 成交结果公告 (the limit is 2).</summary>
    public const int GgzyLateWorkingDays = 6;

    private static readonly string[] Works =
    [
        "城西街道文体中心新建", "青枫路道路提升改造", "柳溪小学扩建", "江滨公园景观提升",
        "望江片区雨污分流改造", "丹溪路桥梁维修加固", "云栖社区卫生服务站新建",
    ];

    private static readonly string[] Purchases =
    [
        "市民服务中心物业管理服务", "中小学教学设备", "环卫作业车辆", "政务信息系统运维服务", "公共自行车系统运营服务", "公共图书馆图书",
    ];

    // Invented firms; "示例" marks them as sample data.
    private static readonly string[] Firms =
    [
        "浙江示例建工集团有限公司", "义乌市示例市政工程有限公司", "金华示例建设有限公司", "浙江示例园林工程有限公司",
        "义乌市示例物业服务有限公司", "浙江示例信息技术有限公司",
    ];

    public List<ArticleDraft> Ggzy()
    {
        var drafts = new List<ArticleDraft>();
        var works = _choice.Shuffled(Works);
        for (var i = 0; i < 4; i++)
        {
            drafts.Add(TenderNotice(works[i], DaysBack(20, 700)));
        }

        for (var i = 0; i < 3; i++)
        {
            drafts.Add(Candidates(works[4 + i], DaysBack(10, 700)));
        }

        var purchases = _choice.Shuffled(Purchases);
        for (var i = 0; i < 4; i++)
        {
            // The first result is the late one: recent, so every evaluation period sees it.
            var late = i == 0 && _faultOn(PortalFaults.LatePublicationGgzy);
            var target = i == 0 ? _asOf.AddDays(-_choice.Between(15, 80)) : DaysBack(30, 700);
            // The compliant schedule is drawn even for the late document, so the random sequence stays the same.
            var compliant = _choice.CompliantDates(target, PublishWindow.SameDay);
            var (written, published) = late ? SeededChoice.LateDates(target, GgzyLateWorkingDays) : compliant;
            drafts.Add(ProcurementResult(purchases[i], written, published) with
            {
                PlantedFaults = late ? [PortalFaults.LatePublicationGgzy] : [],
            });
        }

        return drafts;
    }

    private ArticleDraft TenderNotice(string work, DateOnly target)
    {
        var (written, published) = _choice.CompliantDates(target, PublishWindow.SameDay);
        var owner = _choice.Pick([SiteLayout.Cgw.Name, SiteLayout.Jyj.Name, SiteLayout.Csjd.Name]);
        var closing = WorkingDayCalendar.AddWorkingDays(published, _choice.Between(15, 20));
        return new ArticleDraft(
            ItemIds.GgzyZbgg,
            $"{work}工程施工招标公告",
            written,
            published,
            _choice.OfficeTime(),
            null,
            [
                $"一、招标条件：本招标项目已由有关部门批准建设，建设资金来自财政资金，招标人为{owner}，项目已具备招标条件，现对该项目施工进行公开招标。",
                $"二、项目名称：{work}工程；建设地点：义乌市；计划工期：{_choice.Between(90, 540)}日历天。",
                $"三、获取招标文件：凡有意参加投标者，请于{published.Chinese()}至{closing.Chinese()}登录公共资源交易平台下载电子招标文件。",
                $"四、投标截止：投标文件递交的截止时间为{closing.Chinese()}9时30分，逾期送达的投标文件将被拒收。",
                "五、联系方式：招标代理机构联系电话0579-00000000（示例号码）。",
            ],
            [$"{work}工程施工招标文件.pdf"]);
    }

    private ArticleDraft Candidates(string work, DateOnly target)
    {
        var (written, published) = _choice.CompliantDates(target, PublishWindow.SameDay);
        var firms = _choice.Shuffled(Firms);
        var price = _choice.Between(800, 9000) * 1000;
        return new ArticleDraft(
            ItemIds.GgzyZbhx,
            $"{work}工程施工中标候选人公示",
            written,
            published,
            _choice.OfficeTime(),
            null,
            [
                $"{work}工程施工招标已于{written.Chinese()}开标，经评标委员会评审，现将中标候选人公示如下。",
                string.Create(CultureInfo.InvariantCulture, $"第一中标候选人：{firms[0]}，投标报价：{price}元；第二中标候选人：{firms[1]}，投标报价：{price + _choice.Between(5, 90) * 1000}元。"),
                $"公示期：{published.Chinese()}至{published.AddDays(3).Chinese()}。",
                "异议：投标人或者其他利害关系人对评标结果有异议的，应当在中标候选人公示期间向招标人提出。",
            ],
            []);
    }

    private ArticleDraft ProcurementResult(string purchase, DateOnly written, DateOnly published)
    {
        var buyer = _choice.Pick([SiteLayout.Szfb.Name, SiteLayout.Cgw.Name, SiteLayout.Jyj.Name]);
        var firm = _choice.Pick(Firms);
        var amount = _choice.Between(200, 5000) * 1000;
        return new ArticleDraft(
            ItemIds.GgzyCgjg,
            $"{purchase}采购项目成交结果公告",
            written,
            published,
            _choice.OfficeTime(),
            null,
            [
                string.Create(CultureInfo.InvariantCulture, $"一、项目名称：{purchase}采购项目（项目编号：YWCG-{written.Year}-{_choice.Between(1, 999):D3}）。"),
                $"二、采购人：{buyer}。",
                $"三、成交供应商：{firm}。",
                string.Create(CultureInfo.InvariantCulture, $"四、成交金额：{amount}元。"),
                "五、公告期限：自本公告发布之日起1个工作日。",
                $"成交结果确定日期：{written.Chinese()}。",
            ],
            []);
    }
}
