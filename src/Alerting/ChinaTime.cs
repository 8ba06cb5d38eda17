using System.Globalization;

namespace Monitor.Alerting;

/// <summary>
/// Dates as users read them: legal dates are in Asia/Shanghai whatever zone the machine runs in
/// (our servers run in UTC), written the Chinese way (2026年12月1日).
/// </summary>
public static class ChinaTime
{
    /// <summary>UTC+8: China has kept one offset and no daylight saving time since 1991.</summary>
    public static TimeSpan Offset { get; } = TimeSpan.FromHours(8);

    /// <summary>The Asia/Shanghai zone.</summary>
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>The instant seen on a clock in Asia/Shanghai.</summary>
    public static DateTimeOffset ToShanghai(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The calendar date of an instant in Asia/Shanghai.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToShanghai(instant).DateTime);

    /// <summary>Midnight at the start of a date in Asia/Shanghai: how an as-of date becomes an as-of instant.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>2026年12月1日.</summary>
    public static string FormatDate(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");

    /// <summary>The Shanghai date of an instant, as 2026年12月1日.</summary>
    public static string FormatDate(DateTimeOffset instant) => FormatDate(DateOf(instant));

    /// <summary>2026年12月1日 08:00 (Asia/Shanghai).</summary>
    public static string FormatDateTime(DateTimeOffset instant)
    {
        var local = ToShanghai(instant);
        return FormatDate(DateOnly.FromDateTime(local.DateTime)) + " " + local.ToString("HH:mm", CultureInfo.InvariantCulture);
    }
}
