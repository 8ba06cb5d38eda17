namespace Monitor.Alerting.Tests;

public sealed class ChinaTimeTests
{
    [Fact]
    public void A_utc_instant_in_the_evening_is_already_the_next_day_in_shanghai()
    {
        var instant = new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero);

        Assert.Equal("2026年12月1日", ChinaTime.FormatDate(instant));
        Assert.Equal("2026年12月1日 00:30", ChinaTime.FormatDateTime(instant));
    }
}
