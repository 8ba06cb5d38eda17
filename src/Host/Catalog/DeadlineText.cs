using System.Globalization;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Catalog;

/// <summary>
/// The 公开时限 column of the 标准目录: a typed deadline in the words the guidelines use, e.g.
/// 信息形成或者变更之日起20个工作日内, 每年3月31日前, 公示不少于30日.
/// </summary>
internal static class DeadlineText
{
    public static string Of(Deadline deadline)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        return deadline switch
        {
            WorkingDaysAfter w => Invariant($"{EventStart(w.Event)}{w.Days}个工作日内"),
            DaysAfter d => Invariant($"{EventStart(d.Event)}{d.Days}日内"),
            DisplayAtLeast { Unit: DayUnit.Working } d => Invariant($"公示不少于{d.Days}个工作日"),
            DisplayAtLeast d => Invariant($"公示不少于{d.Days}日"),
            AnnualBy a => Invariant($"每年{a.Month}月{a.Day}日前"),
            Periodic p => PeriodicText(p),
            WithPublication w => $"随{w.With}同步公开",
            Asap => "及时公开",
            // A kind added to the rule engine later still renders, with its wire name, until it gets words here.
            _ => deadline.Kind,
        };
    }

    /// <summary>The event a working-days deadline counts from (the page's 成文日期 stands for it).</summary>
    public static string EventStart(string eventName) => eventName switch
    {
        // 《政府信息公开条例》第二十六条: 自该政府信息形成或者变更之日起20个工作日内.
        "formed" => "信息形成或者变更之日起",
        "changed" => "信息变更之日起",
        "approved" => "获得批准之日起",
        "decided" => "作出决定之日起",
        // 第三十三条: 收到申请之日起20个工作日内予以答复 (依申请 items).
        "received" => "收到申请之日起",
        "survey-finished" => "调查结束之日起",
        _ => $"{eventName}之日起",
    };

    private static string PeriodicText(Periodic p)
    {
        var (every, period) = p.Every switch
        {
            PeriodUnit.Month => ("每月", "当月"),
            PeriodUnit.Quarter => ("每季度", "当季度"),
            _ => ("每年", "当年"),
        };
        return p.WithinWorkingDays == 0
            ? $"{every}公开一次，{period}内完成"
            : Invariant($"{every}公开一次，{period}前{p.WithinWorkingDays}个工作日内完成");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
