using System.Globalization;

namespace Monitor.SamplePortal.Generation;

/// <summary>
/// Chinese working days for choosing publication dates: weekends are off, plus the official days off
/// and make-up working days of 2024–2026 (State Council notices, copied from reference/holiday-cn).
/// Outside those years only weekends count. The generator keeps compliant documents at ≤10 and the late
/// one at 35 working days, so a small difference from the rule engine's calendar can never flip a verdict.
/// Deliberately separate from the rule engine's calendar: the sample must not be built from the system under test.
/// </summary>
internal static class WorkingDayCalendar
{
    // Ranges are inclusive; checked against reference/holiday-cn/{2024,2025,2026}.json.
    private static readonly string[] OffRanges =
    [
        "2024-01-01", "2024-02-10..2024-02-17", "2024-04-04..2024-04-06", "2024-05-01..2024-05-05",
        "2024-06-10", "2024-09-15..2024-09-17", "2024-10-01..2024-10-07",
        "2025-01-01", "2025-01-28..2025-02-04", "2025-04-04..2025-04-06", "2025-05-01..2025-05-05",
        "2025-05-31..2025-06-02", "2025-10-01..2025-10-08",
        "2026-01-01..2026-01-03", "2026-02-15..2026-02-23", "2026-04-04..2026-04-06", "2026-05-01..2026-05-05",
        "2026-06-19..2026-06-21", "2026-09-25..2026-09-27", "2026-10-01..2026-10-07",
    ];

    private static readonly string[] MakeUpDays =
    [
        "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12",
        "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
    ];

    private static readonly HashSet<DateOnly> Off = ExpandRanges(OffRanges);
    private static readonly HashSet<DateOnly> Worked = ExpandRanges(MakeUpDays);

    public static bool IsWorkingDay(DateOnly date) =>
        Worked.Contains(date)
        || (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Off.Contains(date));

    /// <summary>
    /// The <paramref name="count"/>-th working day after <paramref name="date"/> (before it when negative);
    /// <paramref name="date"/> itself is not counted.
    /// </summary>
    public static DateOnly AddWorkingDays(DateOnly date, int count)
    {
        var step = count >= 0 ? 1 : -1;
        var remaining = Math.Abs(count);
        var day = date;
        while (remaining > 0)
        {
            day = day.AddDays(step);
            if (IsWorkingDay(day))
            {
                remaining--;
            }
        }

        return day;
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public static int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The latest working day on or before <paramref name="date"/>.</summary>
    public static DateOnly OnOrBefore(DateOnly date)
    {
        var day = date;
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    private static HashSet<DateOnly> ExpandRanges(IEnumerable<string> ranges)
    {
        var days = new HashSet<DateOnly>();
        foreach (var range in ranges)
        {
            var parts = range.Split("..");
            var first = DateOnly.ParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var last = parts.Length == 2 ? DateOnly.ParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture) : first;
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                days.Add(day);
            }
        }

        return days;
    }
}
