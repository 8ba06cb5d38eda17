using System.Globalization;

namespace Monitor.SamplePortal.Generation;

/// <summary>扶贫 (<c>fp</c>, 市农林局): support policies and 扶贫资金项目 notices.</summary>
internal sealed partial class AreaWriter
{
    private static readonly string[] SupportTopics = ["低收入农户产业", "低收入农户就业", "低收入农户教育", "低收入农户健康", "低收入农户住房"];

    private static readonly string[] AidProjects =
    [
        "农业产业园配套设施", "来料加工帮扶车间", "农村饮水安全提升", "村级光伏发电", "生产便道硬化", "农产品冷链仓储",
    ];

    public List<ArticleDraft> Fp()
    {
        var drafts = new List<ArticleDraft>();
        var topics = _choice.Shuffled(SupportTopics);
        for (var i = 0; i < 4; i++)
        {
            // The second policy is the late one: recent, so every evaluation period sees it.
            var late = i == 1 && _faultOn(PortalFaults.LatePublicationFp);
            var target = i == 1 ? _asOf.AddDays(-_choice.Between(40, 90)) : DaysBack(100, 700);
            // The compliant schedule is drawn even for the late document, so the random sequence stays the same.
            var compliant = _choice.CompliantDates(target);
            var (written, published) = late ? SeededChoice.LateDates(target) : compliant;
            drafts.Add(SupportPolicy(topics[i], written, published) with
            {
                PlantedFaults = late ? [PortalFaults.LatePublicationFp] : [],
            });
        }

        var projects = _choice.Shuffled(AidProjects);
        var schedules = NumberedByYear(5, () => _choice.CompliantDates(DaysBack(15, 700), PublishWindow.Display));
        for (var i = 0; i < schedules.Count; i++)
        {
            drafts.Add(AidProject(schedules[i].Batch, projects[i], schedules[i].Written, schedules[i].Published));
        }

        return drafts;
    }

    private ArticleDraft SupportPolicy(string topic, DateOnly written, DateOnly published)
    {
        var number = $"义农〔{written.Year}〕{_choice.Between(1, 80)}号";
        var effective = published.AddDays(_choice.Between(10, 30));
        return new ArticleDraft(
            ItemIds.FpZcwj,
            $"关于印发义乌市{topic}帮扶政策的通知",
            written,
            published,
            _choice.OfficeTime(),
            number,
            [
                number,
                "各镇人民政府、街道办事处，市级有关部门：",
                $"现将《义乌市{topic}帮扶政策》印发给你们，请结合实际认真贯彻执行。",
                "一、帮扶对象：家庭年人均可支配收入低于本市低收入农户认定标准的农户。",
                $"二、帮扶措施：共{_choice.Between(6, 15)}项，由市农林局会同有关部门按年度组织实施，资金纳入市级财政预算。",
                $"三、本政策自{effective.Chinese()}起施行，由市农林局负责解释。",
                $"义乌市农林局 {written.Chinese()}",
            ],
            [$"义乌市{topic}帮扶政策.pdf"]);
    }

    private ArticleDraft AidProject(int batch, string project, DateOnly written, DateOnly published)
    {
        var village = _choice.Pick(Villages);
        var provincial = _choice.Between(20, 200);
        var local = _choice.Between(10, 100);
        return new ArticleDraft(
            ItemIds.FpZjxm,
            string.Create(CultureInfo.InvariantCulture, $"义乌市{published.Year}年第{batch}批扶贫资金项目公告"),
            written,
            published,
            _choice.OfficeTime(),
            null,
            [
                string.Create(CultureInfo.InvariantCulture, $"根据扶贫资金项目公告公示制度，现将{published.Year}年第{batch}批扶贫资金项目有关情况公告如下，公示期10日。"),
                $"一、项目名称：{village}{project}项目。",
                $"二、实施地点：义乌市{village}。",
                $"三、建设内容：新建或改造{project}，预计带动低收入农户{_choice.Between(10, 80)}户增收。",
                string.Create(CultureInfo.InvariantCulture, $"四、资金来源：省级财政专项扶贫资金{provincial}万元，市级配套资金{local}万元。"),
                $"五、实施单位：{village}股份经济合作社。",
                "监督电话：0579-00000000（示例号码）。",
            ],
            []);
    }
}
