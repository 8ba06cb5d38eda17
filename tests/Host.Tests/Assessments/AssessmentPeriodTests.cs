using Monitor.Host.Assessments;

namespace Monitor.Host.Tests.Assessments;

public sealed class AssessmentPeriodTests
{
    [Theory]
    [InlineData("2026", "2026-01-01", "2026-12-31", "2027-01-01", "2026年度")]
    [InlineData("2026-H1", "2026-01-01", "2026-06-30", "2026-07-01", "2026年上半年")]
    [InlineData("2026-H2", "2026-07-01", "2026-12-31", "2027-01-01", "2026年下半年")]
    [InlineData("2026-Q1", "2026-01-01", "2026-03-31", "2026-04-01", "2026年第1季度")]
    [InlineData("2026-Q3", "2026-07-01", "2026-09-30", "2026-10-01", "2026年第3季度")]
    [InlineData("2026-Q4", "2026-10-01", "2026-12-31", "2027-01-01", "2026年第4季度")]
    [InlineData("2026-02", "2026-02-01", "2026-02-28", "2026-03-01", "2026年2月")]
    [InlineData("2024-02", "2024-02-01", "2024-02-29", "2024-03-01", "2024年2月")]
    [InlineData("2026-11", "2026-11-01", "2026-11-30", "2026-12-01", "2026年11月")]
    public void A_standard_id_names_its_days_and_is_evaluated_at_midnight_in_Shanghai_after_the_last_day(
        string id, string from, string to, string asOfDay, string label)
    {
        var period = AssessmentPeriod.Parse(id);

        Assert.Equal(id, period.Id);
        Assert.Equal(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), period.From);
        Assert.Equal(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), period.To);
        Assert.Equal(DateTimeOffset.Parse(asOfDay + "T00:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture), period.AsOf);
        Assert.Equal(TimeSpan.FromHours(8), period.AsOf.Offset);
        Assert.Equal(label, period.Label);
    }

    [Fact]
    public void A_custom_id_takes_its_days_from_from_and_to()
    {
        var period = AssessmentPeriod.Parse("special.check_2026-autumn", "2026-09-15", "2026-11-20");

        Assert.Equal(new DateOnly(2026, 9, 15), period.From);
        Assert.Equal(new DateOnly(2026, 11, 20), period.To);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.FromHours(8)), period.AsOf);
        Assert.Equal("2026年9月15日至2026年11月20日", period.Label);
        Assert.Equal(67, period.Days);
    }

    [Theory]
    [InlineData("2026-Q5", "季度写作 2026-Q1 至 2026-Q4")]
    [InlineData("2026-H3", "半年写作 2026-H1 或 2026-H2")]
    [InlineData("2026-13", "月份写作 2026-01 至 2026-12")]
    [InlineData("2026-00", "月份写作")]
    [InlineData("2026-1", "月份写作")]
    [InlineData("2026-q3", "季度写作")]
    [InlineData("1999", "年份 2000–2100")]
    [InlineData("", "只能由字母、数字和 . _ - 组成")]
    [InlineData("2026/Q3", "只能由字母、数字和 . _ - 组成")]
    [InlineData("期中评估", "只能由字母、数字和 . _ - 组成")]
    [InlineData("a-very-long-period-id-that-goes-past-forty-chars", "长度 1 至 40 个字符")]
    [InlineData("live", "实时评估的保留编号")]
    [InlineData("LIVE", "实时评估的保留编号")]
    [InlineData("midterm", "请用 --from 和 --to 指定起止日期")]
    public void A_bad_id_is_refused_with_a_chinese_message_that_says_what_is_allowed(string id, string expected)
    {
        var error = Assert.Throws<FormatException>(() => AssessmentPeriod.Parse(id));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-31", "2026-12-31", "--from 应为 yyyy-MM-dd 格式的日期")]
    [InlineData("2026-09-01", "20261130", "--to 应为 yyyy-MM-dd 格式的日期")]
    [InlineData("2026-10-01", "2026-09-30", "--to（2026-09-30）不能早于 --from（2026-10-01）")]
    [InlineData("2000-01-01", "2026-12-31", "周期跨度不能超过 3700 天")]
    [InlineData("2026-09-01", null, "请用 --from 和 --to 指定起止日期")]
    public void Bad_custom_dates_are_refused_with_a_chinese_message(string? from, string? to, string expected)
    {
        var error = Assert.Throws<FormatException>(() => AssessmentPeriod.Parse("midterm", from, to));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_standard_id_does_not_take_other_dates()
    {
        var error = Assert.Throws<FormatException>(() => AssessmentPeriod.Parse("2026-Q3", "2026-07-01", "2026-09-15"));

        Assert.Contains("起止日期由编号决定", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quarter_is_trended_at_each_weeks_end_from_the_first_scans_day_and_a_year_at_each_months_end()
    {
        var quarter = AssessmentPeriod.Parse("2026-Q3");

        // Sundays of Q3 2026 are 5 Jul … 27 Sep; the points are the Mondays after them (evaluated at 00:00), from 1 Sep on.
        Assert.Equal(
            [new DateOnly(2026, 9, 7), new DateOnly(2026, 9, 14), new DateOnly(2026, 9, 21), new DateOnly(2026, 9, 28)],
            PeriodFreezer.TrendDays(quarter, new DateOnly(2026, 9, 1)));
        Assert.Equal(13, PeriodFreezer.TrendDays(quarter, new DateOnly(2026, 1, 1)).Count);

        var year = AssessmentPeriod.Parse("2026");
        var monthly = PeriodFreezer.TrendDays(year, new DateOnly(2025, 1, 1));
        Assert.Equal(11, monthly.Count);
        Assert.All(monthly, d => Assert.Equal(1, d.Day));
        Assert.Equal(new DateOnly(2026, 2, 1), monthly[0]);
        Assert.Equal(new DateOnly(2026, 12, 1), monthly[^1]);

        // The period's own as-of (the day after its last day) is not among them: it is the last trend point, computed once.
        Assert.DoesNotContain(AssessmentPeriod.Parse("2026-11").To.AddDays(1), PeriodFreezer.TrendDays(AssessmentPeriod.Parse("2026-11"), new DateOnly(2026, 1, 1)));
    }
}
