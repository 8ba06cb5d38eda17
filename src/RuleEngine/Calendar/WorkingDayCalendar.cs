namespace Monitor.RuleEngine.Calendar;

/// <summary>One official day of a holiday arrangement: a day off (放假) or a make-up working day (调休上班).</summary>
public sealed record CalendarDay(DateOnly Date, string Name, bool Off);

/// <summary>One year's arrangement (one file under <c>rules/calendar/cn/</c>), with the State Council notices it is built from.</summary>
public sealed record CalendarYear(int Year, IReadOnlyList<string> Notices, IReadOnlyList<CalendarDay> Days);

/// <summary>The result of working-day arithmetic. <see cref="Provisional"/>: some day in the range lies in a year without data.</summary>
public sealed record WorkingDayResult(DateOnly Date, bool Provisional);

/// <summary>
/// Chinese working days: a day is a working day when it is listed with off:false (调休 make-up
/// day), or when it is Monday–Friday and not listed off:true. A year without a published
/// arrangement falls back to weekends only and every answer touching it is provisional.
/// Entries are indexed by date, not by file: a December day may come from next year's file.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly Dictionary<DateOnly, CalendarDay> days = [];
    private readonly SortedSet<int> years = [];

    public WorkingDayCalendar(IEnumerable<CalendarYear> calendarYears)
    {
        ArgumentNullException.ThrowIfNull(calendarYears);
        foreach (var year in calendarYears)
        {
            years.Add(year.Year);
            foreach (var day in year.Days)
            {
                // A later file wins for a date listed twice (next year's notice revises carry-over days).
                days[day.Date] = day;
            }
        }

        YearsCovered = [.. years];
    }

    /// <summary>Years with an official arrangement, ascending.</summary>
    public IReadOnlyList<int> YearsCovered { get; }

    /// <summary>Whether a year's arrangement is known.</summary>
    public bool HasData(int year) => years.Contains(year);

    /// <summary>The warning for a year without data (shown by the loader and the evaluator).</summary>
    public static string MissingYearWarning(int year) => $"{year}年节假日安排尚未发布，相关期限按周末推算，标记为暂定";

    /// <summary>The official entry for a date (holiday or make-up day), or null for an ordinary day.</summary>
    public CalendarDay? Entry(DateOnly date) => days.GetValueOrDefault(date);

    public bool IsWorkingDay(DateOnly date)
    {
        if (days.TryGetValue(date, out var entry))
        {
            return !entry.Off;
        }

        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>The <paramref name="days"/>-th working day after <paramref name="start"/> (start itself not counted; 0 gives start).</summary>
    public WorkingDayResult AddWorkingDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var date = start;
        var provisional = false;
        for (var counted = 0; counted < days;)
        {
            date = date.AddDays(1);
            provisional |= !HasData(date.Year);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        return new WorkingDayResult(date, provisional);
    }

    /// <summary>Working days in (<paramref name="fromExclusive"/>, <paramref name="toInclusive"/>]; 0 when the range is empty.</summary>
    public int CountWorkingDays(DateOnly fromExclusive, DateOnly toInclusive)
    {
        var count = 0;
        for (var date = fromExclusive.AddDays(1); date <= toInclusive; date = date.AddDays(1))
        {
            if (IsWorkingDay(date))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Whether any day in (<paramref name="fromExclusive"/>, <paramref name="toInclusive"/>] lies in a year without data.</summary>
    public bool IsProvisional(DateOnly fromExclusive, DateOnly toInclusive)
    {
        for (var year = fromExclusive.AddDays(1).Year; year <= toInclusive.Year; year++)
        {
            if (!HasData(year))
            {
                return true;
            }
        }

        return false;
    }
}
