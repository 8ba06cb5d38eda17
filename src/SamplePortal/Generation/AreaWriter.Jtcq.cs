namespace Monitor.SamplePortal.Generation;

/// <summary>集体土地上房屋拆迁安置 (<c>jtcq</c>, 市社区建设办公室): compensation schemes, resettlement plans, suspension notices.</summary>
internal sealed partial class AreaWriter
{
    public List<ArticleDraft> Jtcq()
    {
        var drafts = new List<ArticleDraft>();
        var villages = _choice.Shuffled(Villages);
        for (var i = 0; i < 4; i++)
        {
            var missing = i == 0 && _faultOn(PortalFaults.MissingElementJtcq);
            var target = i == 0 ? _asOf.AddDays(-_choice.Between(15, 75)) : DaysBack(90, 700);
            drafts.Add(DemolitionScheme(villages[i], target, withTransition: !missing) with
            {
                PlantedFaults = missing ? [PortalFaults.MissingElementJtcq] : [],
            });
        }

        for (var i = 0; i < 3; i++)
        {
            drafts.Add(ResettlementPlan(villages[1 + i], DaysBack(20, 700)));
        }

        for (var i = 0; i < 3; i++)
        {
            drafts.Add(Suspension(villages[4 + i], DaysBack(20, 700)));
        }

        return drafts;
    }

    private ArticleDraft DemolitionScheme(string village, DateOnly target, bool withTransition)
    {
        var (written, published) = _choice.CompliantDates(target);
        var body = new List<string>
        {
            $"根据《中华人民共和国土地管理法》和本市集体土地上房屋拆迁安置有关规定，结合{village}实际，制定本补偿实施方案。",
            $"一、实施范围：{village}{_choice.Pick(Projects)}项目用地范围内的集体土地上房屋，共涉及{_choice.Between(15, 180)}户。",
            "二、补偿安置方式：被拆迁人可以选择产权调换或者货币补偿；选择产权调换的，按照“拆一还一”的原则安排安置用房。",
            $"三、签约期限：自本方案公告之日起{_choice.Between(30, 60)}日内。",
        };
        if (withTransition)
        {
            body.Add("四、过渡方式：选择产权调换的被拆迁人自行过渡，过渡期间按月发放临时安置补助费。");
        }

        body.Add("五、本方案由市社区建设办公室负责解释，咨询电话：0579-00000000（示例号码）。");
        return new ArticleDraft(ItemIds.JtcqSsfa, $"{village}集体土地上房屋拆迁补偿实施方案", written, published, _choice.OfficeTime(), null, body, [$"{village}拆迁范围图.pdf"]);
    }

    private ArticleDraft ResettlementPlan(string village, DateOnly target) =>
        Compliant(
            ItemIds.JtcqAzfa,
            $"{village}拆迁安置房具体安置方案",
            target,
            null,
            [
                $"根据{village}集体土地上房屋拆迁补偿实施方案，经村民代表大会讨论通过，制定本具体安置方案。",
                $"一、安置对象：户籍在{village}且在拆迁范围内有合法住房的本村集体经济组织成员。",
                $"二、安置方式：采取公寓式安置与货币安置相结合的方式，公寓式安置每人可购买安置用房建筑面积{_choice.Between(40, 60)}平方米。",
                "三、选房办法：按照签约和腾房先后顺序确定选房顺序，选房结果当场公布。",
            ],
            []);

    private ArticleDraft Suspension(string village, DateOnly target) =>
        Compliant(
            ItemIds.JtcqZtbl,
            $"关于{village}地块征地范围内暂停办理有关事项的公告",
            target,
            null,
            [
                $"因{_choice.Pick(Projects)}项目建设需要，{village}部分集体土地拟列入征收范围，现将有关事项公告如下。",
                $"一、征地范围：{village}，面积约{_choice.Between(2, 30)}.{_choice.Between(1, 9)}公顷，具体以勘测定界图为准。",
                "二、暂停办理事项：自本公告发布之日起，在征地范围内暂停办理户口迁入、分户、房屋新建改建扩建和土地承包经营权流转等事项。",
                $"三、暂停期限：{_choice.Between(6, 12)}个月。",
            ],
            []);
}
