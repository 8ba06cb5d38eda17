using System.Globalization;

namespace Monitor.SamplePortal.Generation;

/// <summary>农村危房改造 (<c>wfgz</c>, 市规划局): notices, task allocations, subsidy and rating standards.</summary>
internal sealed partial class AreaWriter
{
    private static readonly string[] RuralHousingNotices =
    [
        "关于做好{0}年度农村危房改造工作的通知", "关于加快推进农村危房改造工作的通知", "关于进一步规范农村危房改造工作的通知",
    ];

    private static readonly string[] Towns = ["城西街道", "青枫镇", "柳溪镇", "望江街道", "丹溪镇", "云栖街道"];

    public List<ArticleDraft> Wfgz()
    {
        var drafts = new List<ArticleDraft>();
        var notices = _choice.Shuffled(RuralHousingNotices);
        for (var i = 0; i < 3; i++)
        {
            drafts.Add(RuralHousingNotice(notices[i], DaysBack(30, 700)));
        }

        foreach (var (batch, written, published) in NumberedByYear(3, () => _choice.CompliantDates(DaysBack(20, 700))))
        {
            drafts.Add(TaskAllocation(batch, written, published));
        }

        drafts.Add(RuralSubsidy("义乌市农村危房改造资金补助标准", DaysBack(400, 700)));
        drafts.Add(RuralSubsidy("关于调整义乌市农村危房改造资金补助标准的通知", DaysBack(30, 300)));

        // The standing rating standard: withheld under missing-item/wfgz, so the column has none at all.
        var missing = _faultOn(PortalFaults.MissingItemWfgz);
        drafts.Add(RatingStandard("义乌市农村危房等级评定标准（试行）", DaysBack(450, 700)) with { Withheld = missing });
        drafts.Add(RatingStandard("义乌市农村危房等级评定标准（修订）", DaysBack(60, 350)) with { Withheld = missing });
        return drafts;
    }

    private ArticleDraft RuralHousingNotice(string titleFormat, DateOnly target)
    {
        var (written, published) = _choice.CompliantDates(target);
        var number = $"义规〔{written.Year}〕{_choice.Between(1, 90)}号";
        var years = _choice.Between(2, 5);
        return new ArticleDraft(
            ItemIds.WfgzXgwj,
            string.Format(CultureInfo.InvariantCulture, titleFormat, published.Year),
            written,
            published,
            _choice.OfficeTime(),
            number,
            [
                number,
                "各镇人民政府、街道办事处，市级有关部门：",
                "为切实保障农村低收入群体等重点对象的住房安全，根据上级有关要求，结合我市实际，现就农村危房改造有关事项通知如下。",
                "一、改造对象：农村低保户、低保边缘户、分散供养特困人员和困难残疾人家庭中，住房经鉴定属于C级或D级危房的农户。",
                $"二、工作要求：各镇街要在{_choice.Between(2, 6)}月底前完成摸底排查，建立改造台账，做到应改尽改。",
                "三、质量安全：改造房屋须符合抗震设防要求，竣工后由镇街组织验收。",
                $"四、有效期：本通知自印发之日起施行，有效期{years}年。",
                $"义乌市规划局 {written.Chinese()}",
            ],
            ["农村危房改造工作流程图.pdf"]);
    }

    /// <summary>
    /// <paramref name="count"/> schedules in publication order, each with its batch number within its publication year
    /// (第1批, 第2批 … as a real office numbers them).
    /// </summary>
    private static List<(int Batch, DateOnly Written, DateOnly Published)> NumberedByYear(int count, Func<(DateOnly Written, DateOnly Published)> schedule)
    {
        var dates = Enumerable.Range(0, count).Select(_ => schedule()).ToList();
        var ordered = dates.OrderBy(d => d.Published).ToList();
        return ordered
            .Select((d, i) => (ordered.Take(i).Count(p => p.Published.Year == d.Published.Year) + 1, d.Written, d.Published))
            .ToList();
    }

    private ArticleDraft TaskAllocation(int batch, DateOnly written, DateOnly published)
    {
        var towns = _choice.Shuffled(Towns);
        var counts = new[] { _choice.Between(3, 20), _choice.Between(3, 20), _choice.Between(3, 20) };
        return new ArticleDraft(
            ItemIds.WfgzRwfp,
            $"{published.Year}年第{batch}批农村危房改造任务分配结果公示",
            written,
            published,
            _choice.OfficeTime(),
            null,
            [
                $"根据上级下达的农村危房改造目标任务，经镇街申报、实地核查和集体研究，现将{published.Year}年第{batch}批农村危房改造任务分配结果予以公示。",
                $"一、分配结果：本批共安排改造任务{counts.Sum()}户，其中{towns[0]}{counts[0]}户、{towns[1]}{counts[1]}户、{towns[2]}{counts[2]}户。",
                "二、补助农户名单：详见附件，按镇街、村列示农户编号和改造方式。",
                "三、公示期为7日。对公示内容有异议的，可向市规划局村镇建设科书面反映，联系电话：0579-00000000（示例号码）。",
            ],
            [$"{published.Year}年第{batch}批农村危房改造补助农户名单.pdf"]);
    }

    private ArticleDraft RuralSubsidy(string title, DateOnly target)
    {
        var rebuild = _choice.Between(30, 45) * 1000;
        var repair = _choice.Between(10, 20) * 1000;
        return Compliant(
            ItemIds.WfgzBzbz,
            title,
            target,
            null,
            [
                "为规范农村危房改造资金使用管理，经市政府同意，现将农村危房改造资金补助标准公布如下。",
                $"一、补助标准：D级危房拆除重建的，补助{rebuild}元/户；C级危房维修加固的，补助{repair}元/户。",
                "二、补助资金由市财政统筹安排，在改造竣工验收合格后通过“一卡通”直接发放到户。",
                "三、同一农户享受补助后，不得重复申请。",
            ],
            []);
    }

    private ArticleDraft RatingStandard(string title, DateOnly target) =>
        Compliant(
            ItemIds.WfgzDjpd,
            title,
            target,
            null,
            [
                "为统一农村住房安全性鉴定尺度，结合本市农村住房结构特点，制定本评定标准。",
                "一、评定标准：房屋危险性等级分为A、B、C、D四级，由具备资质的鉴定机构或经培训的技术人员现场查勘后评定。",
                "二、C级：部分承重结构不能满足安全使用要求，房屋局部处于危险状态，构成局部危房。",
                "三、D级：承重结构已不能满足安全使用要求，房屋整体处于危险状态，构成整幢危房。",
                $"四、鉴定结果应在{_choice.Between(5, 10)}个工作日内告知农户，并录入农村住房安全信息系统。",
            ],
            ["农村住房安全性鉴定表.pdf"]);
}
