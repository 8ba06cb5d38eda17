using System.Globalization;

namespace Monitor.SamplePortal.Generation;

/// <summary>
/// Writes the documents of the pilot-area columns. Every document is exactly one catalog item: its title
/// carries that item's keyword (and no other item's), its body every element keyword of the item, except
/// where a planted fault removes one. Fault documents are dated within the last few months so that any
/// evaluation period that includes the as-of date sees them.
/// </summary>
internal sealed partial class AreaWriter
{
    private static readonly string[] HousingSubjects = ["公共租赁住房", "保障性租赁住房", "共有产权住房", "住房租赁补贴", "人才安居住房", "城镇住房困难家庭住房保障"];
    private static readonly string[] HousingRuleKinds = ["管理办法", "实施细则", "实施意见"];
    private static readonly string[] ConsultTopics = ["保障性租赁住房项目认定标准调整", "公共租赁住房租金标准调整", "住房租赁补贴发放方式优化", "共有产权住房配售政策调整"];
    private static readonly string[] Estates = ["城西安居苑", "江滨人才公寓", "青枫家园", "丹溪人才公寓", "望江雅苑", "柳溪新苑"];
    private static readonly string[] Villages = ["东溪村", "下湖村", "石塘村", "枫林村", "桥头村", "塘下村", "新屋村", "后山村"];
    private static readonly string[] Projects = ["城市道路建设", "学校扩建", "产业园区配套", "安置小区建设", "水利设施建设"];
    private static readonly string[] Schools = ["青枫小学", "柳溪小学", "云栖初级中学", "望江初级中学", "鹤鸣小学", "兰亭学校"];

    private readonly SeededChoice _choice;
    private readonly DateOnly _asOf;
    private readonly Func<string, bool> _faultOn;

    public AreaWriter(SeededChoice choice, DateOnly asOf, Func<string, bool> faultOn)
    {
        _choice = choice;
        _asOf = asOf;
        _faultOn = faultOn;
    }

    /// <summary>Latest year whose 06-30 due date has passed: the year that loses its 招生计划 under the missing-item fault.</summary>
    public static int MissingEnrolmentPlanYear(DateOnly asOf) => LatestPassedYear(asOf, 6, 30);

    /// <summary>
    /// Years that get an annual document: the last three years whose due date has passed, and the current
    /// year already when its due date is at most 30 days ahead (so no "due soon" situation arises).
    /// </summary>
    public static IEnumerable<int> AnnualYears(DateOnly asOf, int dueMonth, int dueDay)
    {
        for (var year = asOf.Year - 2; year <= asOf.Year; year++)
        {
            if (new DateOnly(year, dueMonth, dueDay) <= asOf.AddDays(30))
            {
                yield return year;
            }
        }
    }

    public List<ArticleDraft> Bzxzf()
    {
        var drafts = new List<ArticleDraft>();
        var subjects = _choice.Shuffled(HousingSubjects);
        for (var i = 0; i < 4; i++)
        {
            // The second policy document is the late one: recent, so every evaluation period sees it.
            var late = i == 1 && _faultOn(PortalFaults.LatePublicationBzxzf);
            var target = i == 1 ? _asOf.AddDays(-_choice.Between(40, 90)) : DaysBack(100, 700);
            // Draw the compliant schedule even for the late document, so that turning the fault off or on
            // leaves the random sequence, and with it every other document, exactly as it was.
            var compliant = _choice.CompliantDates(target);
            var (written, published) = late ? SeededChoice.LateDates(target) : compliant;
            drafts.Add(HousingPolicy(subjects[i], HousingRuleKinds[i % HousingRuleKinds.Length], written, published) with
            {
                PlantedFaults = late ? [PortalFaults.LatePublicationBzxzf] : [],
            });
        }

        var topics = _choice.Shuffled(ConsultTopics);
        for (var i = 0; i < 2; i++)
        {
            drafts.Add(Consultation(topics[i], DaysBack(30, 700)));
        }

        for (var i = 0; i < 3; i++)
        {
            drafts.Add(QualificationResult(i + 1, DaysBack(20, 700)));
        }

        var estates = _choice.Shuffled(Estates);
        for (var i = 0; i < 2; i++)
        {
            var broken = i == 0 && _faultOn(PortalFaults.BrokenLinkBzxzf);
            var target = i == 0 ? _asOf.AddDays(-_choice.Between(15, 60)) : DaysBack(90, 700);
            drafts.Add(Lottery(estates[i], target) with
            {
                MissingAttachment = broken ? 2 : null,
                PlantedFaults = broken ? [PortalFaults.BrokenLinkBzxzf] : [],
            });
        }

        foreach (var year in AnnualYears(_asOf, 3, 31))
        {
            drafts.Add(BuildingPlan(year, AnnualTarget(year, 3, 31, 15, 50)));
        }

        return drafts;
    }

    public List<ArticleDraft> Zdbc()
    {
        var drafts = new List<ArticleDraft>
        {
            LandPrice("关于公布实施义乌市征地区片综合地价的通知", DaysBack(400, 700)),
            LandPrice("关于调整义乌市征地区片综合地价的通知", DaysBack(60, 300)),
        };

        var batches = _choice.Shuffled(Enumerable.Range(1, 9));
        for (var i = 0; i < 3; i++)
        {
            drafts.Add(PreNotice($"义乌市{{0}}年度第{batches[i]}批次建设用地征收土地预公告", knownVillage: null, DaysBack(30, 700), SiteLayout.Gtj));
        }

        for (var i = 0; i < 3; i++)
        {
            var missing = i == 0 && _faultOn(PortalFaults.MissingElementZdbc);
            var target = i == 0 ? _asOf.AddDays(-_choice.Between(20, 70)) : DaysBack(80, 700);
            drafts.Add(CompensationPlan($"义乌市{{0}}年度第{batches[3 + i]}批次建设用地征地补偿安置方案公告", null, target, SiteLayout.Gtj, withSocialSecurity: !missing) with
            {
                PlantedFaults = missing ? [PortalFaults.MissingElementZdbc] : [],
            });
        }

        for (var i = 0; i < 3; i++)
        {
            var linking = i == 0;
            var target = linking ? _asOf.AddDays(-_choice.Between(10, 50)) : DaysBack(60, 700);
            var draft = ExpropriationNotice($"义乌市{{0}}年度第{batches[6 + i]}批次建设用地征收土地公告", target);
            if (linking)
            {
                // The broken target keeps the TRS article shape with document id 0000000, which no document ever gets.
                var broken = _faultOn(PortalFaults.BrokenLinkZdbc);
                var old = WorkingDayCalendar.OnOrBefore(draft.PublishDate.AddDays(-90));
                draft = draft with
                {
                    Link = broken
                        ? new BodyLink("本批次用地的征收土地预公告详见：", "征收土地预公告", "/zfxxgk/zdbc/" + old.ToString("yyyyMM", CultureInfo.InvariantCulture) + "/t" + old.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "_0000000.html")
                        : new BodyLink("本批次用地的前期公告详见：", "征地补偿栏目", "/zfxxgk/zdbc/index.html"),
                    PlantedFaults = broken ? [PortalFaults.BrokenLinkZdbc] : [],
                };
            }

            drafts.Add(draft);
        }

        return drafts;
    }

    public List<ArticleDraft> CsjdZdxx()
    {
        var drafts = new List<ArticleDraft>();
        var villages = _choice.Shuffled(Villages);
        for (var i = 0; i < 5; i++)
        {
            drafts.Add(PreNotice("城西街道{1}地块征收土地预公告", villages[i], DaysBack(20, 700), SiteLayout.Csjd));
        }

        for (var i = 0; i < 5; i++)
        {
            drafts.Add(CompensationPlan("城西街道{1}地块征地补偿安置方案公告", villages[i], DaysBack(20, 700), SiteLayout.Csjd, withSocialSecurity: true));
        }

        return drafts;
    }

    public List<ArticleDraft> Ywjy()
    {
        var drafts = new List<ArticleDraft>();
        var missingYear = _faultOn(PortalFaults.MissingItemYwjy) ? MissingEnrolmentPlanYear(_asOf) : (int?)null;
        foreach (var year in AnnualYears(_asOf, 6, 30))
        {
            drafts.Add(EnrolmentScheme(year, AnnualTarget(year, 6, 30, 40, 70)));
            // Built and withheld rather than left out, so the random sequence and the ids of every other document stay the same.
            drafts.Add(EnrolmentPlan(year, AnnualTarget(year, 6, 30, 20, 60)) with { Withheld = year == missingYear });

            drafts.Add(EnrolmentArea(year, AnnualTarget(year, 6, 30, 20, 60)));
        }

        drafts.Add(SchoolList(DaysBack(330, 420)));
        drafts.Add(SchoolList(DaysBack(20, 120)));
        drafts.Add(StudentAid(DaysBack(500, 700)));
        drafts.Add(StudentAid(DaysBack(250, 450)));
        drafts.Add(StudentAid(DaysBack(30, 200)));
        return drafts;
    }

    private DateOnly DaysBack(int min, int max) => _asOf.AddDays(-_choice.Between(min, max));

    // Published in its own year, before the due date, and never on or after the as-of date.
    private DateOnly AnnualTarget(int year, int dueMonth, int dueDay, int minDaysEarly, int maxDaysEarly)
    {
        var beforeDue = new DateOnly(year, dueMonth, dueDay).AddDays(-_choice.Between(minDaysEarly, maxDaysEarly));
        var beforeAsOf = _asOf.AddDays(-_choice.Between(1, 5));
        var target = beforeDue < beforeAsOf ? beforeDue : beforeAsOf;
        var floor = new DateOnly(year, 2, 25);
        return target < floor ? floor : target;
    }

    private ArticleDraft Compliant(string itemId, string title, DateOnly target, string? number, IReadOnlyList<string> body, IReadOnlyList<string> attachments) =>
        Compliant(itemId, title, target, PublishWindow.Standard, number, body, attachments);

    private ArticleDraft Compliant(string itemId, string title, DateOnly target, PublishWindow window, string? number, IReadOnlyList<string> body, IReadOnlyList<string> attachments)
    {
        var (written, published) = _choice.CompliantDates(target, window);
        return new ArticleDraft(itemId, title, written, published, _choice.OfficeTime(), number, body, attachments);
    }

    /// <summary>Latest year whose <paramref name="dueMonth"/>-<paramref name="dueDay"/> due date has passed before the as-of date.</summary>
    public static int LatestPassedYear(DateOnly asOf, int dueMonth, int dueDay) =>
        new DateOnly(asOf.Year, dueMonth, dueDay) < asOf ? asOf.Year : asOf.Year - 1;

    private ArticleDraft HousingPolicy(string subject, string kind, DateOnly written, DateOnly published)
    {
        var number = $"义城管〔{written.Year}〕{_choice.Between(1, 120)}号";
        var shortKind = kind == "实施意见" ? "意见" : kind[^2..];
        var effective = published.AddDays(_choice.Between(10, 30));
        var title = kind == "实施意见" ? $"关于加快发展{subject}的实施意见" : $"关于印发义乌市{subject}{kind}的通知";
        return new ArticleDraft(
            ItemIds.BzxzfZcwj,
            title,
            written,
            published,
            _choice.OfficeTime(),
            number,
            [
                number,
                "各镇人民政府、街道办事处，市级有关部门：",
                kind == "实施意见"
                    ? $"为加快发展{subject}，完善住房保障体系，经市政府同意，现提出如下意见。"
                    : $"现将《义乌市{subject}{kind}》印发给你们，请结合实际认真贯彻执行。",
                $"第一条 为规范{subject}的申请、审核、配租和使用管理，根据国家和省有关规定，结合本市实际，制定本{shortKind}。",
                $"第二条 本{shortKind}适用于本市行政区域内{subject}的筹集建设、准入退出、运营管理和监督检查。",
                $"第三条 市城市管理委员会负责全市{subject}的统筹协调和监督管理；各镇人民政府、街道办事处负责辖区内的受理和初审工作。",
                "第四条 申请家庭应当如实申报家庭人口、住房和收入财产状况，并书面同意有关部门依法核查。",
                $"第五条 本{shortKind}自{effective.Chinese()}起施行，由市城市管理委员会负责解释。",
                $"义乌市城市管理委员会 {written.Chinese()}",
            ],
            [$"义乌市{subject}{kind}.pdf"]);
    }

    private ArticleDraft Consultation(string topic, DateOnly target)
    {
        var (written, published) = _choice.CompliantDates(target);
        var end = published.AddDays(30);
        return new ArticleDraft(
            ItemIds.BzxzfJcygk,
            $"关于{topic}公开征求意见的公告",
            written,
            published,
            _choice.OfficeTime(),
            null,
            [
                $"为提高决策透明度和公众参与度，现将{topic}方案（征求意见稿）全文公布，公开征求社会各界意见。",
                $"征求意见时间为{published.Chinese()}至{end.Chinese()}。",
                "社会公众可通过以下方式反馈意见：一是发送电子邮件至 zfbz@yiwu-sample.example；二是信函寄至市城市管理委员会住房保障科，并在信封上注明“征求意见”字样；三是拨打电话0579-00000000（示例号码）。",
                "反馈意见时请注明联系方式，以便进一步沟通。我委将认真研究各方意见，并在决策后公开意见采纳情况。",
            ],
            [$"{topic}方案（征求意见稿）.pdf"]);
    }

    private ArticleDraft QualificationResult(int batch, DateOnly target)
    {
        var (written, published) = _choice.CompliantDates(target);
        var accepted = _choice.Between(40, 180);
        var rejected = _choice.Between(2, 12);
        var end = WorkingDayCalendar.AddWorkingDays(published, 7);
        return new ArticleDraft(
            ItemIds.BzxzfZgsh,
            $"{published.Year}年第{batch}批公共租赁住房承租资格审核结果公示",
            written,
            published,
            _choice.OfficeTime(),
            null,
            [
                $"根据公共租赁住房有关规定，经申请人申请、镇街初审、市城市管理委员会复审，现将{published.Year}年第{batch}批公共租赁住房承租资格审核结果予以公示。",
                $"本批共受理申请{accepted + rejected}户。审核结果：符合条件{accepted}户，不符合条件{rejected}户，名单见附件（申请人按受理编号列示）。",
                $"公示期：{published.Chinese()}至{end.Chinese()}。公示期内如有异议，可向市城市管理委员会住房保障科书面反映，联系电话：0579-00000000（示例号码）。",
            ],
            [$"{published.Year}年第{batch}批公共租赁住房承租资格审核结果名单.pdf"]);
    }

    private ArticleDraft Lottery(string estate, DateOnly target)
    {
        var (written, published) = _choice.CompliantDates(target);
        var draw = WorkingDayCalendar.AddWorkingDays(published, _choice.Between(5, 10));
        return new ArticleDraft(
            ItemIds.BzxzfYhgg,
            $"{estate}公共租赁住房摇号公告",
            written,
            published,
            _choice.OfficeTime(),
            null,
            [
                $"根据公共租赁住房配租工作安排，定于近期对{estate}公共租赁住房组织公开摇号配租，现将有关事项公告如下。",
                $"一、房源：本次配租房源共{_choice.Between(60, 300)}套，户型为一室一厅和两室一厅，房源清单见附件。",
                $"二、摇号时间：{draw.Chinese()}上午9:00。",
                "三、摇号地点：市住房保障服务中心三楼大厅。",
                "四、摇号全程由公证机构现场监督，并邀请申请人代表参加，结果当场公布。",
            ],
            [$"{estate}公共租赁住房房源清单.pdf", $"{estate}公共租赁住房摇号规则.pdf"]);
    }

    private ArticleDraft BuildingPlan(int year, DateOnly target) =>
        Compliant(
            ItemIds.BzxzfNdjh,
            $"义乌市{year}年度保障性住房建设计划",
            target,
            null,
            [
                $"根据上级下达的目标任务，结合本市住房保障需求，制定{year}年度保障性住房建设计划。",
                $"一、建设任务：{year}年计划筹集保障性租赁住房{_choice.Between(800, 3000)}套（间），新开工公共租赁住房{_choice.Between(100, 600)}套，基本建成{_choice.Between(100, 600)}套。",
                $"二、资金安排：计划安排保障性住房建设资金{_choice.Between(3, 15)}亿元，其中市级财政资金{_choice.Between(1, 3)}亿元，其余通过争取上级补助和社会资本参与等方式筹集。",
                "三、保障措施：各责任单位要倒排工期、挂图作战，每季度报送项目进展情况。",
            ],
            [$"{year}年度保障性住房建设项目表.pdf"]);

    private ArticleDraft LandPrice(string title, DateOnly target)
    {
        var first = _choice.Between(60, 90) * 1000;
        return Compliant(
            ItemIds.ZdbcQpdj,
            title,
            target,
            null,
            [
                "根据省人民政府有关文件精神，结合本市实际，现将征地区片综合地价公布如下。",
                $"一、区片综合地价标准：一类区片{first}元/亩，二类区片{first - 8000}元/亩，三类区片{first - 16000}元/亩。",
                "二、适用范围：本标准适用于本市行政区域内征收农民集体所有农用地的土地补偿费和安置补助费的计算；征收建设用地和未利用地的，参照执行。",
                "三、本标准自公布之日起施行，原标准同时废止。",
            ],
            ["义乌市征地区片综合地价区片图.pdf"]);
    }

    private ArticleDraft PreNotice(string titleFormat, string? knownVillage, DateOnly target, Department publisher)
    {
        var (written, published) = _choice.CompliantDates(target);
        var village = knownVillage ?? _choice.Pick(Villages);
        var title = string.Format(CultureInfo.InvariantCulture, titleFormat, published.Year, village);
        return new ArticleDraft(
            ItemIds.ZdbcYgg,
            title,
            written,
            published,
            _choice.OfficeTime(),
            null,
            [
                $"为保障{_choice.Pick(Projects)}项目用地需要，拟征收{village}部分集体土地，现将有关事项预公告如下。",
                $"一、征收目的：用于{_choice.Pick(Projects)}，符合国土空间规划和公共利益需要。",
                $"二、拟征收范围：{village}，面积约{_choice.Between(2, 40)}.{_choice.Between(1, 9)}公顷，具体以勘测定界成果为准。",
                $"三、土地现状调查安排：自本公告发布之日起{_choice.Between(10, 20)}日内，由{publisher.Name}会同村（居）民委员会对拟征收土地的权属、地类、面积以及地上附着物和青苗的种类、数量等进行现状调查。",
                "四、自本公告发布之日起，在拟征收范围内任何单位和个人不得抢栽抢种抢建；违反规定抢栽抢种抢建的，对抢栽抢种抢建部分不予补偿。",
            ],
            []);
    }

    private ArticleDraft CompensationPlan(string titleFormat, string? knownVillage, DateOnly target, Department publisher, bool withSocialSecurity)
    {
        var (written, published) = _choice.CompliantDates(target);
        var village = knownVillage ?? _choice.Pick(Villages);
        var title = string.Format(CultureInfo.InvariantCulture, titleFormat, published.Year, village);
        var body = new List<string>
        {
            "根据《中华人民共和国土地管理法》及其实施条例等规定，现将征地补偿安置方案公告如下，公告期不少于30日。",
            $"一、征收范围：{village}集体土地，具体四至见附图。",
            $"二、土地现状：拟征收土地总面积{_choice.Between(3, 30)}.{_choice.Between(1, 9)}公顷，其中农用地为主，地上附着物和青苗已完成现状调查并经权利人确认。",
            $"三、征收目的：用于{_choice.Pick(Projects)}。",
            "四、补偿方式和标准：土地补偿费和安置补助费按本市公布的区片综合地价执行；地上附着物和青苗补偿按本市现行标准执行。",
            "五、安置对象：征收土地范围内享有土地承包经营权的农村集体经济组织成员。",
            "六、安置方式：采取货币安置与留地安置相结合的方式，具体由村集体经济组织民主议定。",
        };
        if (withSocialSecurity)
        {
            body.Add("七、社会保障：被征地农民按规定纳入社会保障体系，社会保障费用由政府、集体和个人共同负担，专款专用。");
        }

        body.Add($"八、补偿登记：相关权利人应当自本公告发布之日起{_choice.Between(10, 20)}日内，持有关证明材料到{publisher.Name}办理补偿登记。");
        body.Add("九、异议：被征地的农村集体经济组织成员对本方案有异议的，可在公告期内书面提出；过半数成员认为方案不符合法律法规规定的，将依法组织听证。");
        return new ArticleDraft(ItemIds.ZdbcBcaz, title, written, published, _choice.OfficeTime(), null, body, [$"{title}附图.pdf"]);
    }

    private ArticleDraft ExpropriationNotice(string titleFormat, DateOnly target)
    {
        var (written, published) = _choice.CompliantDates(target);
        var village = _choice.Pick(Villages);
        var title = string.Format(CultureInfo.InvariantCulture, titleFormat, published.Year);
        return new ArticleDraft(
            ItemIds.ZdbcZsgg,
            title,
            written,
            published,
            _choice.OfficeTime(),
            null,
            [
                "经依法批准，现将征收土地有关事项公告如下。",
                "一、批准机关：浙江省人民政府。",
                $"二、批准文号：浙土征〔{written.Year}〕{_choice.Between(100, 999)}号（示例文号）。",
                $"三、征收范围：{village}集体土地，面积{_choice.Between(2, 30)}.{_choice.Between(1, 9)}公顷。",
                "四、征地补偿安置按已公告的征地补偿安置方案执行。",
                "五、救济途径：对本公告不服的，可以自公告之日起六十日内依法申请行政复议，或者自公告之日起六个月内依法提起行政诉讼。",
            ],
            []);
    }

    private ArticleDraft EnrolmentScheme(int year, DateOnly target) =>
        Compliant(
            ItemIds.YwjyZszc,
            $"义乌市{year}年义务教育阶段学校招生工作实施方案",
            target,
            $"义教〔{year}〕{_choice.Between(10, 60)}号",
            [
                $"为做好{year}年义务教育阶段学校招生工作，根据上级有关规定，结合本市实际，制定本实施方案。",
                "一、招生原则：坚持公办学校免试就近入学，民办学校与公办学校同步招生。",
                "二、随迁子女入学：符合条件的随迁子女，按照积分入学办法统筹安排到公办学校或政府购买学位的民办学校就读。",
                "三、延缓入学：适龄儿童因身体状况需要延缓入学的，由其父母或者其他法定监护人提出申请，经教育部门批准。",
                "四、时间安排：网上报名、资格审核、录取公布等具体时间另行通知。",
            ],
            [$"{year}年义务教育阶段学校招生工作日程表.pdf"]);

    private ArticleDraft EnrolmentPlan(int year, DateOnly target) =>
        Compliant(
            ItemIds.YwjyZsjh,
            $"义乌市{year}年义务教育阶段公办学校招生计划",
            target,
            null,
            [
                $"经研究，现将{year}年义务教育阶段公办学校招生计划公布如下。",
                $"全市公办小学计划招收一年级新生{_choice.Between(9000, 14000)}人，公办初中计划招收七年级新生{_choice.Between(8000, 12000)}人。",
                "各学校招生计划详见附件。",
            ],
            [$"{year}年义务教育阶段公办学校招生计划表.pdf"]);

    private ArticleDraft EnrolmentArea(int year, DateOnly target) =>
        Compliant(
            ItemIds.YwjyZsfw,
            $"义乌市{year}年城区义务教育阶段学校招生范围",
            target,
            null,
            [
                $"根据学校布局和学位供给情况，现将{year}年城区义务教育阶段学校招生范围公布如下。",
                $"一、{_choice.Pick(Schools)}：学区为绣湖路以东、江滨路以北区域。",
                $"二、{_choice.Pick(Schools)}：学区为丹溪路以西、稠州路以南区域。",
                "三、学区范围内的具体楼盘和小区以附件为准，学区调整情况同步向社会公开。",
            ],
            [$"{year}年城区学校学区范围一览表.pdf"]);

    private ArticleDraft SchoolList(DateOnly target)
    {
        var body = new List<string> { "现将本市义务教育学校名录公布如下。" };
        var phone = _choice.Between(1, 80);
        foreach (var school in _choice.Shuffled(Schools).Take(4))
        {
            phone++;
            var level = school.EndsWith("小学", StringComparison.Ordinal) ? "小学" : school.EndsWith("中学", StringComparison.Ordinal) ? "初中" : "九年一贯制";
            body.Add($"学校名称：{school}；学校地址：义乌市{_choice.Pick(["青枫路", "柳溪路", "云栖路", "望江路"])}{_choice.Between(1, 300)}号；办学层次：{level}；办学类型：公办；办公电话：0579-{phone.ToString("D8", CultureInfo.InvariantCulture)}（示例号码）。");
        }

        return Compliant(ItemIds.YwjyXxml, $"义乌市义务教育学校名录（{target.Year}年）", target, null, body, []);
    }

    private ArticleDraft StudentAid(DateOnly target)
    {
        var term = target.Month >= 7 ? "秋季" : "春季";
        return Compliant(
            ItemIds.YwjyZzzc,
            $"关于做好{target.Year}年{term}学期义务教育学生资助工作的通知",
            target,
            $"义教〔{target.Year}〕{_choice.Between(61, 120)}号",
            [
                "各义务教育学校：",
                "一、全面落实城乡义务教育“两免一补”政策，免除学杂费、免费提供教科书，对家庭经济困难寄宿生补助生活费。",
                $"二、各校要在开学后{_choice.Between(15, 30)}日内完成家庭经济困难学生认定，认定结果在校内公示。",
                "三、资助资金实行专账管理，严禁挤占挪用。",
            ],
            []);
    }
}
