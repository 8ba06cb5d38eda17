using System.Globalization;

namespace Monitor.SamplePortal.Generation;

/// <summary>
/// The only source of variation: a seeded <see cref="Random"/> with the few choices the writers need.
/// Each column gets its own stream (<see cref="ForStream"/>), so changing one column's size or faults
/// leaves every other column byte-identical.
/// </summary>
internal sealed class SeededChoice
{
    // Compliant documents stay far below the 15/20 working-day limits so that calendar details cannot matter.
    public const int MinCompliantWorkingDays = 3;
    public const int MaxCompliantWorkingDays = 10;
    public const int LateWorkingDays = 35;

    private readonly Random _random;

    private SeededChoice(Random random) => _random = random;

    public static SeededChoice ForStream(int seed, int stream) =>
        new(new Random(unchecked((seed * 7919) + (stream * 104729))));

    public int Between(int minInclusive, int maxInclusive) => _random.Next(minInclusive, maxInclusive + 1);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public List<T> Shuffled<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }

    /// <summary>Office hours publication time, 08:30–17:29.</summary>
    public TimeOnly OfficeTime() => new TimeOnly(8, 30).AddMinutes(_random.Next(9 * 60));

    /// <summary>
    /// A compliant schedule: published on the last working day on or before <paramref name="publishTarget"/>,
    /// formed 3–10 working days earlier.
    /// </summary>
    public (DateOnly Written, DateOnly Published) CompliantDates(DateOnly publishTarget) =>
        CompliantDates(publishTarget, PublishWindow.Standard);

    /// <summary>
    /// A compliant schedule within <paramref name="window"/>: published on the last working day on or before
    /// <paramref name="publishTarget"/>, formed the window's number of (working or calendar) days earlier.
    /// </summary>
    public (DateOnly Written, DateOnly Published) CompliantDates(DateOnly publishTarget, PublishWindow window)
    {
        var published = WorkingDayCalendar.OnOrBefore(publishTarget);
        var gap = Between(window.Min, window.Max);
        var written = window.CalendarDays ? published.AddDays(-gap) : WorkingDayCalendar.AddWorkingDays(published, -gap);
        return (written, published);
    }

    /// <summary>A late schedule: formed 35 working days before publication.</summary>
    public static (DateOnly Written, DateOnly Published) LateDates(DateOnly publishTarget) => LateDates(publishTarget, LateWorkingDays);

    /// <summary>A late schedule: formed <paramref name="workingDays"/> working days before publication (same publication day as the compliant one).</summary>
    public static (DateOnly Written, DateOnly Published) LateDates(DateOnly publishTarget, int workingDays)
    {
        var published = WorkingDayCalendar.OnOrBefore(publishTarget);
        return (WorkingDayCalendar.AddWorkingDays(published, -workingDays), published);
    }
}

/// <summary>
/// How long after its 成文日期 a compliant document is published (docs/sample-portal-areas.md, "publish window"):
/// <paramref name="Min"/>–<paramref name="Max"/> working days, or calendar days when <paramref name="CalendarDays"/>.
/// Each window stays well inside its item's deadline, so calendar details cannot flip a verdict.
/// </summary>
internal readonly record struct PublishWindow(int Min, int Max, bool CalendarDays = false)
{
    /// <summary>3–10 working days: items with a 15 or 20 working-day limit.</summary>
    public static PublishWindow Standard { get; } = new(SeededChoice.MinCompliantWorkingDays, SeededChoice.MaxCompliantWorkingDays);

    /// <summary>1–3 working days: notices published as soon as possible (停水, 公交线路调整).</summary>
    public static PublishWindow Prompt { get; } = new(1, 3);

    /// <summary>0–2 working days: 公共资源交易 notices (采购结果 within 2 working days).</summary>
    public static PublishWindow SameDay { get; } = new(0, 2);

    /// <summary>1–5 working days: notices displayed for a minimum period (征求意见, 资金项目公示).</summary>
    public static PublishWindow Display { get; } = new(1, 5);

    /// <summary>1–3 calendar days: 房屋征收决定 (Zhejiang: 7 calendar days).</summary>
    public static PublishWindow DecisionDays { get; } = new(1, 3, CalendarDays: true);
}

/// <summary>Date texts as the pages show them (invariant, never the machine culture).</summary>
internal static class DateText
{
    public static string Iso(this DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Chinese(this DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");

    public static string Clock(this TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
