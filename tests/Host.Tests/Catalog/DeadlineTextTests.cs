using Monitor.Host.Catalog;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Tests.Catalog;

/// <summary>The 公开时限 column: each typed deadline in the guidelines' own words.</summary>
public sealed class DeadlineTextTests
{
    public static TheoryData<Deadline, string> Cases => new()
    {
        { new WorkingDaysAfter(20, "formed"), "信息形成或者变更之日起20个工作日内" },
        { new WorkingDaysAfter(15, "approved"), "获得批准之日起15个工作日内" },
        { new WorkingDaysAfter(20, "decided"), "作出决定之日起20个工作日内" },
        { new WorkingDaysAfter(20, "received"), "收到申请之日起20个工作日内" },
        { new WorkingDaysAfter(5, "survey-finished"), "调查结束之日起5个工作日内" },
        { new WorkingDaysAfter(20, "changed"), "信息变更之日起20个工作日内" },
        { new DaysAfter(7, "decided"), "作出决定之日起7日内" },
        { new DisplayAtLeast(30, DayUnit.Calendar), "公示不少于30日" },
        { new DisplayAtLeast(10, DayUnit.Working), "公示不少于10个工作日" },
        { new AnnualBy(3, 31), "每年3月31日前" },
        { new Periodic(PeriodUnit.Month, 10), "每月公开一次，当月前10个工作日内完成" },
        { new Periodic(PeriodUnit.Quarter, 0), "每季度公开一次，当季度内完成" },
        { new Periodic(PeriodUnit.Year, 0), "每年公开一次，当年内完成" },
        { new WithPublication("采购公告"), "随采购公告同步公开" },
        { new Asap(), "及时公开" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_deadline_kind_reads_as_the_guidelines_write_it(Deadline deadline, string text) =>
        Assert.Equal(text, DeadlineText.Of(deadline));
}
