using Monitor.SamplePortal.Generation;

namespace Monitor.SamplePortal.Tests.Generation;

public sealed class WorkingDayCalendarTests
{
    [Theory]
    [InlineData("2025-10-08", false)] // National Day holiday on a Wednesday
    [InlineData("2025-09-28", true)] // make-up Sunday
    [InlineData("2026-02-14", true)] // make-up Saturday before the Spring Festival
    [InlineData("2026-02-18", false)] // Spring Festival
    [InlineData("2024-06-10", false)] // Dragon Boat Festival
    [InlineData("2026-11-28", false)] // plain Saturday
    [InlineData("2026-11-30", true)] // plain Monday
    public void Knows_official_days_off_and_make_up_days(string date, bool working)
    {
        Assert.Equal(working, WorkingDayCalendar.IsWorkingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Adding_working_days_skips_the_national_day_week()
    {
        // 2025-09-30 (Tue) + 1 working day: 10-01..10-08 are off, 10-09 (Thu) is the next working day.
        Assert.Equal(new DateOnly(2025, 10, 9), WorkingDayCalendar.AddWorkingDays(new DateOnly(2025, 9, 30), 1));
        Assert.Equal(new DateOnly(2025, 9, 30), WorkingDayCalendar.AddWorkingDays(new DateOnly(2025, 10, 9), -1));
    }

    [Fact]
    public void Counting_working_days_inverts_adding_them()
    {
        var start = new DateOnly(2024, 1, 2);
        for (var n = 0; n < 60; n++)
        {
            Assert.Equal(n, WorkingDayCalendar.WorkingDaysBetween(start, WorkingDayCalendar.AddWorkingDays(start, n)));
        }
    }
}
