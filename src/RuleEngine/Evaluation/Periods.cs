using System.Globalization;
using Monitor.RuleEngine.Calendar;
using Monitor.RuleEngine.Rules;

namespace Monitor.RuleEngine.Evaluation;

/// <summary>One period of a per-period item: a year ("2026"), a quarter ("2026-Q3") or a month ("2026-11").</summary>
internal sealed record Period(string Key, DateOnly Start, DateOnly End, DateOnly Due, bool Provisional)
{
    public bool Contains(DateOnly date) => date >= Start && date <= End;

    /// <summary>Chinese label, e.g. 2026年 / 2026年第3季度 / 2026年11月.</summary>
    public string Label => Key.Length == 4 ? $"{Key}年"
        : Key.Contains('Q', StringComparison.Ordinal) ? $"{Key[..4]}年第{Key[^1]}季度"
        : $"{Key[..4]}年{int.Parse(Key[5..], CultureInfo.InvariantCulture)}月";
}

/// <summary>Period arithmetic for <see cref="AnnualBy"/> and <see cref="Periodic"/> deadlines.</summary>
internal static class Periods
{
    /// <summary>The period containing <paramref name="date"/>.</summary>
    public static Period Containing(Deadline deadline, DateOnly date, WorkingDayCalendar calendar)
    {
        switch (deadline)
        {
            case AnnualBy annual:
                return new Period(
                    date.Year.ToString(CultureInfo.InvariantCulture), new DateOnly(date.Year, 1, 1), new DateOnly(date.Year, 12, 31),
                    annual.DueIn(date.Year), false);

            case Periodic periodic:
                var (start, end, key) = periodic.Every switch
                {
                    PeriodUnit.Month => (new DateOnly(date.Year, date.Month, 1), new DateOnly(date.Year, date.Month, 1).AddMonths(1).AddDays(-1),
                        date.ToString("yyyy-MM", CultureInfo.InvariantCulture)),
                    PeriodUnit.Quarter => QuarterOf(date),
                    _ => (new DateOnly(date.Year, 1, 1), new DateOnly(date.Year, 12, 31), date.Year.ToString(CultureInfo.InvariantCulture)),
                };

                // withinWorkingDays 0: any time inside the period; otherwise within its first N working days.
                if (periodic.WithinWorkingDays == 0)
                {
                    return new Period(key, start, end, end, false);
                }

                var due = calendar.AddWorkingDays(start.AddDays(-1), periodic.WithinWorkingDays);
                return new Period(key, start, end, due.Date, due.Provisional);

            default:
                throw new ArgumentException($"{deadline.Kind} has no periods", nameof(deadline));
        }
    }

    public static Period Previous(Deadline deadline, Period period, WorkingDayCalendar calendar) =>
        Containing(deadline, period.Start.AddDays(-1), calendar);

    public static Period Next(Deadline deadline, Period period, WorkingDayCalendar calendar) =>
        Containing(deadline, period.End.AddDays(1), calendar);

    private static (DateOnly, DateOnly, string) QuarterOf(DateOnly date)
    {
        var quarter = ((date.Month - 1) / 3) + 1;
        var start = new DateOnly(date.Year, ((quarter - 1) * 3) + 1, 1);
        return (start, start.AddMonths(3).AddDays(-1), $"{date.Year}-Q{quarter}");
    }
}
