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
    public (DateOnly Written, DateOnly Published) CompliantDates(DateOnly publishTarget)
    {
        var published = WorkingDayCalendar.OnOrBefore(publishTarget);
        var written = WorkingDayCalendar.AddWorkingDays(published, -Between(MinCompliantWorkingDays, MaxCompliantWorkingDays));
        return (written, published);
    }

    /// <summary>A late schedule: formed 35 working days before publication.</summary>
    public static (DateOnly Written, DateOnly Published) LateDates(DateOnly publishTarget)
    {
        var published = WorkingDayCalendar.OnOrBefore(publishTarget);
        return (WorkingDayCalendar.AddWorkingDays(published, -LateWorkingDays), published);
    }
}

/// <summary>Date texts as the pages show them (invariant, never the machine culture).</summary>
internal static class DateText
{
    public static string Iso(this DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Chinese(this DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");

    public static string Clock(this TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
