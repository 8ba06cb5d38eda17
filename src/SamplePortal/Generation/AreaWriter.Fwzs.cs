namespace Monitor.SamplePortal.Generation;

/// <summary>国有土地上房屋征收与补偿 (<c>fwzs</c>, 市城市管理委员会 征收办): decisions, consultations, valuations.</summary>
internal sealed partial class AreaWriter
{
    private static readonly string[] Blocks =
    [
        "柳溪路旧城改造区块", "青枫路棚户区改造项目", "望江片区城中村改造项目", "丹溪北路道路拓宽工程", "云栖老街有机更新项目", "江滨西路学校建设项目",
    ];

    public List<ArticleDraft> Fwzs()
    {
        var drafts = new List<ArticleDraft>();
        var blocks = _choice.Shuffled(Blocks);
        for (var i = 0; i < 3; i++)
        {
            var broken = i == 0 && _faultOn(PortalFaults.BrokenLinkFwzs);
            var target = i == 0 ? _asOf.AddDays(-_choice.Between(10, 60)) : DaysBack(90, 700);
            drafts.Add(ExpropriationDecision(blocks[i], target) with
            {
                MissingAttachment = broken ? 1 : null,
                PlantedFaults = broken ? [PortalFaults.BrokenLinkFwzs] : [],
            });
        }

        for (var i = 0; i < 3; i++)
        {
            drafts.Add(CompensationConsultation(blocks[3 + i], DaysBack(40, 700)));
        }

        for (var i = 0; i < 3; i++)
        {
            drafts.Add(Valuation(blocks[i], DaysBack(10, 700)));
        }

        return drafts;
    }

    private ArticleDraft ExpropriationDecision(string block, DateOnly target)
    {
        var (written, published) = _choice.CompliantDates(target, PublishWindow.DecisionDays);
        var roads = _choice.Shuffled(Roads);
        return new ArticleDraft(
            ItemIds.FwzsZsjd,
            $"关于{block}国有土地上房屋征收决定的公告",
            written,
            published,
            _choice.OfficeTime(),
            null,
            [
                $"为了公共利益的需要，根据《国有土地上房屋征收与补偿条例》和《浙江省国有土地上房屋征收与补偿条例》的规定，经市人民政府研究，决定对{block}范围内的国有土地上房屋实施征收。",
                $"一、征收范围：东至{roads[0]}，南至{roads[1]}，西至{roads[2]}，北至{roads[3]}，具体以征收范围红线图为准。",
                $"二、征收补偿方案：按照市人民政府公布的《{block}国有土地上房屋征收补偿方案》执行。",
                $"三、签约期限：自本公告发布之日起{_choice.Between(30, 90)}日。",
                "四、被征收人对本征收决定不服的，可以自本公告发布之日起六十日内依法申请行政复议，也可以自本公告发布之日起六个月内依法提起行政诉讼。",
                $"房屋征收部门：{SiteLayout.Cgw.Name}（征收办） {written.Chinese()}",
            ],
            [$"{block}房屋征收范围红线图.pdf"]);
    }

    private ArticleDraft CompensationConsultation(string block, DateOnly target)
    {
        var (written, published) = _choice.CompliantDates(target, PublishWindow.Display);
        var end = published.AddDays(_choice.Between(30, 35));
        return new ArticleDraft(
            ItemIds.FwzsBcfa,
            $"关于{block}国有土地上房屋征收补偿方案征求意见的公告",
            written,
            published,
            _choice.OfficeTime(),
            null,
            [
                $"根据《国有土地上房屋征收与补偿条例》第十条的规定，现将《{block}国有土地上房屋征收补偿方案（征求意见稿）》予以公布，征求公众意见。",
                "一、征收补偿方案主要内容：征收范围、补偿方式、补偿标准、搬迁奖励和临时安置等，全文见附件。",
                $"二、征求意见期限：{published.Chinese()}至{end.Chinese()}，不少于30日。",
                "三、意见反馈：被征收人和公众可通过信函寄送市城市管理委员会征收办，或发送电子邮件至 fwzs@yiwu-sample.example。",
            ],
            [$"{block}国有土地上房屋征收补偿方案（征求意见稿）.pdf"]);
    }

    private ArticleDraft Valuation(string block, DateOnly target) =>
        Compliant(
            ItemIds.FwzsPgjg,
            $"{block}被征收房屋分户初步评估结果公示",
            target,
            null,
            [
                $"受房屋征收部门委托，义乌市示例房地产估价有限公司对{block}范围内被征收房屋进行了评估，现将分户初步评估结果予以公示。",
                $"一、评估结果：本次共评估被征收房屋{_choice.Between(20, 260)}户，分户评估结果见附件（按房屋编号列示）。",
                $"二、公示期为{_choice.Between(7, 10)}日。被征收人对评估结果有异议的，可以自收到评估报告之日起10日内向房地产价格评估机构申请复核评估。",
            ],
            [$"{block}被征收房屋分户初步评估结果.pdf"]);
}
