using System.Globalization;

namespace Monitor.SamplePortal.Generation;

/// <summary>市政服务 (<c>szfw</c>, 市城市管理委员会): 停水 notices, water quality, gas service guide, bus line changes.</summary>
internal sealed partial class AreaWriter
{
    private static readonly string[] SupplyAreas = ["青枫路沿线", "柳溪新村片区", "江滨北路以东区域", "望江工业园区", "丹溪路南段", "云栖社区"];
    private static readonly string[] Roads = ["青枫路", "柳溪路", "云栖路", "望江路", "丹溪路", "江滨路", "鹤鸣路", "兰亭路"];
    private static readonly int[] BusLines = [3, 7, 12, 18, 25, 31, 106, 201];

    public List<ArticleDraft> Szfw()
    {
        var drafts = new List<ArticleDraft>();
        var areas = _choice.Shuffled(SupplyAreas);
        for (var i = 0; i < 4; i++)
        {
            // The first notice is the newest one: every other notice is at least 60 days old.
            var missing = i == 0 && _faultOn(PortalFaults.MissingElementSzfw);
            var target = i == 0 ? _asOf.AddDays(-_choice.Between(7, 45)) : DaysBack(60, 700);
            drafts.Add(WaterStop(areas[i], target, withArea: !missing) with
            {
                PlantedFaults = missing ? [PortalFaults.MissingElementSzfw] : [],
            });
        }

        // Ranges at least 100 days apart, so no two quarterly reports name the same quarter.
        drafts.Add(WaterQuality(DaysBack(20, 150)));
        drafts.Add(WaterQuality(DaysBack(250, 400)));
        drafts.Add(WaterQuality(DaysBack(500, 700)));

        drafts.Add(GasGuide("义乌市管道燃气服务指南", DaysBack(450, 700)));
        drafts.Add(GasGuide("义乌市管道燃气服务指南（修订版）", DaysBack(40, 300)));

        var lines = _choice.Shuffled(BusLines);
        for (var i = 0; i < 3; i++)
        {
            drafts.Add(BusLineChange(lines[i], DaysBack(15, 700)));
        }

        return drafts;
    }

    private ArticleDraft WaterStop(string area, DateOnly target, bool withArea)
    {
        var (written, published) = _choice.CompliantDates(target, PublishWindow.Prompt);
        var day = published.AddDays(_choice.Between(1, 3));
        var hours = _choice.Between(6, 14);
        var body = new List<string>
        {
            "因供水管网改造施工需要，市供水公司将暂停部分用户供水，现将有关事项公告如下。",
            $"一、停水时间：{day.Chinese()}8时至{8 + hours}时，共{hours}小时。",
        };
        if (withArea)
        {
            body.Add($"二、停水范围：{area}及周边用户。");
        }

        body.Add("三、请用户提前做好储水准备，停水期间请关闭水龙头；恢复供水初期如出现水质浑浊，请放水片刻后使用。");
        body.Add("咨询电话：0579-00000000（示例号码）。");
        return new ArticleDraft(ItemIds.SzfwTsgg, $"关于{area}计划停水的公告", written, published, _choice.OfficeTime(), null, body, []);
    }

    private ArticleDraft WaterQuality(DateOnly target)
    {
        var (written, published) = _choice.CompliantDates(target);

        // The report covers the quarter before the one it is published in.
        var previous = new DateOnly(published.Year, ((published.Month - 1) / 3 * 3) + 1, 1).AddMonths(-3);
        var quarter = ((previous.Month - 1) / 3) + 1;
        return new ArticleDraft(
            ItemIds.SzfwSzxx,
            string.Create(CultureInfo.InvariantCulture, $"{previous.Year}年第{quarter}季度城市供水水质公告"),
            written,
            published,
            _choice.OfficeTime(),
            null,
            [
                string.Create(CultureInfo.InvariantCulture, $"根据《生活饮用水卫生标准》要求，现将本市{previous.Year}年第{quarter}季度城市供水水质检测情况公告如下。"),
                $"一、出厂水：共检测水样{_choice.Between(60, 120)}份，检测指标{_choice.Between(40, 50)}项，全部符合标准，合格率100%。",
                $"二、管网水：共检测水样{_choice.Between(120, 300)}份，检测指标{_choice.Between(7, 12)}项，全部符合标准，合格率100%。",
                "三、检测单位：市供水水质监测站。详细检测数据见附件。",
            ],
            [string.Create(CultureInfo.InvariantCulture, $"{previous.Year}年第{quarter}季度供水水质检测数据.pdf")]);
    }

    private ArticleDraft GasGuide(string title, DateOnly target)
    {
        var price = _choice.Between(280, 320);
        var hotline = _choice.Between(10, 99);
        return Compliant(
            ItemIds.SzfwRqfw,
            title,
            target,
            null,
            [
                "为方便用户办理管道燃气业务，现将服务信息公布如下。",
                "一、业务流程：用户持有效身份证件和房屋权属证明到营业厅或通过线上平台申请开户，经现场勘察、安装施工、通气点火后即可使用。",
                string.Create(CultureInfo.InvariantCulture, $"二、收费标准：居民用气按物价部门核定的阶梯气价执行，第一档{price / 100}.{price % 100:D2}元/立方米；安装费按核定标准收取。"),
                string.Create(CultureInfo.InvariantCulture, $"三、服务热线：0579-000000{hotline:D2}（示例号码），24小时受理报修和咨询。"),
            ],
            []);
    }

    private ArticleDraft BusLineChange(int line, DateOnly target)
    {
        var (written, published) = _choice.CompliantDates(target, PublishWindow.Prompt);
        var roads = _choice.Shuffled(Roads);
        var start = published.AddDays(_choice.Between(2, 7));
        return new ArticleDraft(
            ItemIds.SzfwGjtz,
            string.Create(CultureInfo.InvariantCulture, $"关于{line}路公交线路调整的公告"),
            written,
            published,
            _choice.OfficeTime(),
            null,
            [
                string.Create(CultureInfo.InvariantCulture, $"为方便市民出行，优化公交线网布局，经研究，决定对{line}路公交线路进行调整，现将有关事项公告如下。"),
                string.Create(CultureInfo.InvariantCulture, $"一、调整线路：{line}路原经{roads[0]}的走向调整为经{roads[1]}、{roads[2]}，增设{roads[1]}站，其余站点不变。"),
                $"二、实施时间：自{start.Chinese()}起实施。",
                "三、请乘客留意站牌信息，咨询电话：0579-00000000（示例号码）。",
            ],
            []);
    }
}
