using System.Globalization;

namespace Monitor.SamplePortal.Generation;

/// <summary>救灾 (<c>jz</c>, 市民政局): relief rules, disaster reports, annual donation reports and 冬春救助 plans.</summary>
internal sealed partial class AreaWriter
{
    private static readonly string[] Disasters = ["台风", "强降雨", "冰雹", "低温雨雪冰冻", "龙卷风"];

    /// <summary>Latest year whose 10-31 due date has passed: the year that loses its 冬春救助 plan under the missing-item fault.</summary>
    public static int MissingWinterReliefYear(DateOnly asOf) => LatestPassedYear(asOf, 10, 31);

    public List<ArticleDraft> Jz()
    {
        var drafts = new List<ArticleDraft>
        {
            ReliefRules("关于印发义乌市自然灾害救助办法的通知", DaysBack(400, 700)),
            ReliefRules("关于印发义乌市受灾群众过渡期生活救助办法的通知", DaysBack(60, 350)),
        };

        var disasters = _choice.Shuffled(Disasters);
        for (var i = 0; i < 3; i++)
        {
            drafts.Add(DisasterReport(disasters[i], DaysBack(20, 700)));
        }

        foreach (var year in AnnualYears(_asOf, 3, 31))
        {
            drafts.Add(DonationReport(year, AnnualTarget(year, 3, 31, 15, 50)));
        }

        var missingYear = _faultOn(PortalFaults.MissingItemJz) ? MissingWinterReliefYear(_asOf) : (int?)null;
        foreach (var year in AnnualYears(_asOf, 10, 31))
        {
            // Built and withheld rather than left out, so the random sequence and the ids of every other document stay the same.
            drafts.Add(WinterRelief(year, AnnualTarget(year, 10, 31, 20, 60)) with { Withheld = year == missingYear });
        }

        return drafts;
    }

    private ArticleDraft ReliefRules(string title, DateOnly target)
    {
        var (written, published) = _choice.CompliantDates(target);
        var number = $"义民〔{written.Year}〕{_choice.Between(1, 70)}号";
        var effective = published.AddDays(_choice.Between(10, 30));
        return new ArticleDraft(
            ItemIds.JzZcwj,
            title,
            written,
            published,
            _choice.OfficeTime(),
            number,
            [
                number,
                "各镇人民政府、街道办事处，市级有关部门：",
                "为规范自然灾害救助工作，保障受灾人员基本生活，根据《自然灾害救助条例》等规定，结合本市实际，制定本办法，现印发给你们，请认真贯彻执行。",
                "第一条 市民政局负责全市自然灾害救助的组织、协调和实施；各镇人民政府、街道办事处负责辖区内的救助工作。",
                "第二条 救助资金实行专账核算、专款专用，任何单位和个人不得截留、挪用。",
                $"第三条 本办法自{effective.Chinese()}起施行。",
                $"义乌市民政局 {written.Chinese()}",
            ],
            []);
    }

    private ArticleDraft DisasterReport(string disaster, DateOnly target)
    {
        var (written, published) = _choice.CompliantDates(target);
        var struck = written.AddDays(-_choice.Between(0, 2));
        return new ArticleDraft(
            ItemIds.JzZqxx,
            string.Create(CultureInfo.InvariantCulture, $"义乌市{struck.Year}年{struck.Month}月{disaster}灾情信息"),
            written,
            published,
            _choice.OfficeTime(),
            null,
            [
                $"现将本市{disaster}灾害的灾情信息公布如下。",
                $"一、受灾时间：{struck.Chinese()}。",
                $"二、灾害种类：{disaster}。",
                $"三、受灾范围：{_choice.Pick(Towns)}等{_choice.Between(2, 8)}个镇街受灾，受灾人口{_choice.Between(300, 9000)}人。",
                $"四、损失情况：农作物受灾面积{_choice.Between(20, 900)}公顷，损坏房屋{_choice.Between(0, 60)}间，直接经济损失{_choice.Between(50, 3000)}万元。",
                "五、市民政局已会同有关部门启动应急响应，调拨救灾物资，妥善安排受灾群众生活。",
            ],
            []);
    }

    private ArticleDraft DonationReport(int year, DateOnly target)
    {
        var money = _choice.Between(50, 600);
        var goods = _choice.Between(10, 200);
        var used = _choice.Between(money / 2, money);
        return Compliant(
            ItemIds.JzKwgl,
            string.Create(CultureInfo.InvariantCulture, $"义乌市{year - 1}年度救灾捐赠款物接收和使用情况公告"),
            target,
            null,
            [
                string.Create(CultureInfo.InvariantCulture, $"现将本市{year - 1}年度救灾捐赠款物接收和使用情况公告如下。"),
                string.Create(CultureInfo.InvariantCulture, $"一、捐赠款物：全年共接收救灾捐赠资金{money}万元，捐赠物资折价{goods}万元。"),
                string.Create(CultureInfo.InvariantCulture, $"二、使用情况：已用于受灾群众生活救助和灾后恢复重建{used}万元，捐赠物资全部发放，结余资金结转下年度使用。"),
                "三、捐赠款物的接收和使用接受审计监督和社会监督，监督电话：0579-00000000（示例号码）。",
            ],
            []);
    }

    private ArticleDraft WinterRelief(int year, DateOnly target) =>
        Compliant(
            ItemIds.JzDcjz,
            string.Create(CultureInfo.InvariantCulture, $"义乌市{year}—{year + 1}年度冬春救助工作方案"),
            target,
            null,
            [
                "为切实保障受灾群众冬春期间的基本生活，根据冬春救助工作规程，制定本方案。",
                "一、救助对象：因当年自然灾害造成冬令春荒期间口粮、衣被、取暖等基本生活困难的受灾群众。",
                $"二、救助标准：每人每月{_choice.Between(200, 400)}元，救助期限一般不超过{_choice.Between(3, 5)}个月。",
                "三、工作步骤：镇街于11月底前完成需救助人员摸底核查，张榜公示后报市民政局审核，资金于春节前发放到位。",
            ],
            []);
}
