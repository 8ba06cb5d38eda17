using Monitor.RuleEngine.Calendar;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Tests.Support;

namespace Monitor.RuleEngine.Tests.Calendar;

/// <summary>
/// Working-day arithmetic against the official arrangements in rules/calendar/cn (built from the
/// State Council notices): holidays, 调休 make-up days, December carry-over and the unknown 2027.
/// </summary>
public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = RuleSetLoader.Load(RepoPaths.Rules).Calendar!;

    private static DateOnly D(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // 2023 中秋国庆: 09-29..10-06 off, make-up 10-07 (Sat) and 10-08 (Sun).
    [InlineData("2023-09-28", true)]
    [InlineData("2023-09-29", false)]
    [InlineData("2023-10-02", false)]
    [InlineData("2023-10-06", false)]
    [InlineData("2023-10-07", true)]
    [InlineData("2023-10-08", true)]
    [InlineData("2023-10-09", true)]
    // 2024 春节: 02-10..02-17 off, make-up 02-04 (Sun) and 02-18 (Sun).
    [InlineData("2024-02-03", false)]
    [InlineData("2024-02-04", true)]
    [InlineData("2024-02-09", true)]
    [InlineData("2024-02-10", false)]
    [InlineData("2024-02-15", false)]
    [InlineData("2024-02-17", false)]
    [InlineData("2024-02-18", true)]
    [InlineData("2024-02-19", true)]
    // 2025 国庆中秋: 10-01..10-08 off, make-up 09-28 (Sun) and 10-11 (Sat).
    [InlineData("2025-09-27", false)]
    [InlineData("2025-09-28", true)]
    [InlineData("2025-09-30", true)]
    [InlineData("2025-10-01", false)]
    [InlineData("2025-10-08", false)]
    [InlineData("2025-10-09", true)]
    [InlineData("2025-10-11", true)]
    [InlineData("2025-10-12", false)]
    // 2026 春节: 02-15..02-23 off, make-up 02-14 (Sat) and 02-28 (Sat).
    [InlineData("2026-02-13", true)]
    [InlineData("2026-02-14", true)]
    [InlineData("2026-02-15", false)]
    [InlineData("2026-02-20", false)]
    [InlineData("2026-02-23", false)]
    [InlineData("2026-02-24", true)]
    [InlineData("2026-02-28", true)]
    [InlineData("2026-03-01", false)]
    // Carry-over: 2007-12-29 (Sat) is a make-up day listed in the 2008 file.
    [InlineData("2007-12-29", true)]
    public void Official_days_off_and_make_up_days_are_respected(string date, bool working)
    {
        Assert.Equal(working, Calendar.IsWorkingDay(D(date)));
    }

    [Fact]
    public void Twenty_working_days_after_2025_09_20_skips_the_national_day_holiday()
    {
        // 09-22..26 (5), 09-28 make-up (6), 09-29..30 (8), 10-09..10 (10), 10-11 make-up (11), 10-13..17 (16), 10-20..23 (20).
        var result = Calendar.AddWorkingDays(D("2025-09-20"), 20);
        Assert.Equal(D("2025-10-23"), result.Date);
        Assert.False(result.Provisional);
    }

    [Fact]
    public void Working_days_across_spring_festival_2026_count_both_make_up_saturdays()
    {
        // 02-13 (Fri) → 02-14 make-up (1), 02-24..27 (5), 02-28 make-up (6).
        Assert.Equal(D("2026-02-28"), Calendar.AddWorkingDays(D("2026-02-13"), 6).Date);
        Assert.Equal(6, Calendar.CountWorkingDays(D("2026-02-13"), D("2026-02-28")));
    }

    [Fact]
    public void Working_days_across_spring_festival_2024_start_on_the_make_up_sunday()
    {
        // 02-03 (Sat) → 02-04 make-up (1), 02-05..09 (6), 02-18 make-up (7).
        Assert.Equal(D("2024-02-18"), Calendar.AddWorkingDays(D("2024-02-03"), 7).Date);
    }

    [Fact]
    public void A_deadline_running_into_2027_is_provisional_and_counts_weekends_only()
    {
        var result = Calendar.AddWorkingDays(D("2026-12-21"), 15);
        Assert.True(result.Provisional);
        // 12-22..25 (4), 12-28..31 (8), 2027-01-01 (Fri, no data: working) (9), 01-04..08 (14), 01-11 (15).
        Assert.Equal(D("2027-01-11"), result.Date);
        Assert.False(Calendar.HasData(2027));
        Assert.True(Calendar.IsWorkingDay(D("2027-01-01")));
    }

    [Fact]
    public void A_deadline_inside_known_years_is_not_provisional()
    {
        Assert.False(Calendar.AddWorkingDays(D("2026-11-02"), 20).Provisional);
    }

    [Fact]
    public void Zero_days_gives_the_start_and_an_empty_range_counts_nothing()
    {
        Assert.Equal(D("2026-03-03"), Calendar.AddWorkingDays(D("2026-03-03"), 0).Date);
        Assert.Equal(0, Calendar.CountWorkingDays(D("2026-03-03"), D("2026-03-01")));
    }

    [Fact]
    public void A_calendar_without_files_falls_back_to_weekends_and_is_provisional()
    {
        var empty = new WorkingDayCalendar([]);
        Assert.False(empty.IsWorkingDay(D("2026-10-03")));
        Assert.True(empty.IsWorkingDay(D("2026-10-01")));
        Assert.True(empty.AddWorkingDays(D("2026-10-01"), 1).Provisional);
    }
}
