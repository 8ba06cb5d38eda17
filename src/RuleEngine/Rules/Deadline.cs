namespace Monitor.RuleEngine.Rules;

/// <summary>
/// A typed time limit (公开时限) of a catalog item. Each kind is its own record; there are no
/// expression strings. The evaluator decides per kind what it can check.
/// </summary>
public abstract record Deadline
{
    /// <summary>The wire name used in rule files (<c>deadline.kind</c>).</summary>
    public abstract string Kind { get; }

    /// <summary>Presence implied when an item does not say: per-period for annual-by and periodic, per-document otherwise.</summary>
    public virtual Presence DefaultPresence => Presence.PerDocument;

    /// <summary>Every kind name the loader accepts.</summary>
    public static IReadOnlyList<string> KindNames { get; } =
        ["working-days-after", "days-after", "display-at-least", "annual-by", "periodic", "with-publication", "asap"];
}

/// <summary>公开 within <see cref="Days"/> working days after an event (条例第二十六条: 20 working days after the information is formed).</summary>
/// <param name="Days">Working days, at least 1.</param>
/// <param name="Event">The triggering event (formed, changed, approved, decided, received, survey-finished); the page's 成文日期 stands for it.</param>
public sealed record WorkingDaysAfter(int Days, string Event) : Deadline
{
    public override string Kind => "working-days-after";
}

/// <summary>
/// 公开 within <see cref="Days"/> CALENDAR days after an event (e.g. 浙江省国有土地上房屋征收与补偿条例第十四条:
/// 房屋征收决定作出后7日内公告). Where a law says 日 rather than 工作日, holidays do not extend the limit.
/// </summary>
/// <param name="Days">Calendar days, at least 1.</param>
/// <param name="Event">The triggering event (same vocabulary as <see cref="WorkingDaysAfter"/>); the page's 成文日期 stands for it.</param>
public sealed record DaysAfter(int Days, string Event) : Deadline
{
    public override string Kind => "days-after";
}

/// <summary>Must stay on display at least <see cref="Days"/> days (公示不少于 N 日). Not checked in this version.</summary>
public sealed record DisplayAtLeast(int Days, DayUnit Unit) : Deadline
{
    public override string Kind => "display-at-least";
}

/// <summary>Once a year by a fixed date (每年 M 月 D 日前).</summary>
public sealed record AnnualBy(int Month, int Day) : Deadline
{
    public override string Kind => "annual-by";

    public override Presence DefaultPresence => Presence.PerPeriod;

    /// <summary>The due date in one year.</summary>
    public DateOnly DueIn(int year) => new(year, Month, Day);
}

/// <summary>
/// Once every month, quarter or year: a publication must fall inside each period, within its first
/// <see cref="WithinWorkingDays"/> working days (0: any time up to the period's last day).
/// </summary>
public sealed record Periodic(PeriodUnit Every, int WithinWorkingDays) : Deadline
{
    public override string Kind => "periodic";

    public override Presence DefaultPresence => Presence.PerPeriod;
}

/// <summary>Published together with another publication (随采购公告公开). Not checked in this version.</summary>
public sealed record WithPublication(string With) : Deadline
{
    public override string Kind => "with-publication";
}

/// <summary>及时 / 按进展情况: no numeric limit, never reported as overdue.</summary>
public sealed record Asap : Deadline
{
    public override string Kind => "asap";
}

/// <summary>Whether a display period counts calendar or working days.</summary>
public enum DayUnit
{
    Calendar,
    Working,
}

/// <summary>The period of a <see cref="Periodic"/> deadline.</summary>
public enum PeriodUnit
{
    Month,
    Quarter,
    Year,
}

/// <summary>How the presence of an item is judged.</summary>
public enum Presence
{
    /// <summary>At least one document must be online at any time (e.g. 学校名录).</summary>
    Standing,

    /// <summary>Each period (year, quarter, month) needs its own publication.</summary>
    PerPeriod,

    /// <summary>Each event produces a document; absence cannot be detected from the site.</summary>
    PerDocument,
}
