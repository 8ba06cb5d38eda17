using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitor.Crawler.Extraction;

/// <summary>Dates as Chinese government pages print them: 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日.</summary>
internal static partial class DateText
{
    /// <summary>Legal dates are Beijing time; the machine's own zone (UTC) must never leak in.</summary>
    public static readonly TimeSpan ShanghaiOffset = TimeSpan.FromHours(8);

    public const string DatePattern =
        @"(?<!\d)(?<y>(?:19|20)\d{2})\s*(?:(?<sep>[-/.])\s*(?<m>\d{1,2})\s*\k<sep>\s*(?<d>\d{1,2})|年\s*(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*日)(?!\d)";

    [GeneratedRegex(DatePattern)]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"^\s*(?<y>\d{4})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})(?:[T\s]+(?<h>\d{1,2}):(?<min>\d{2})(?::(?<s>\d{2}))?)?")]
    private static partial Regex DateTimeRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>Every valid date in the text, in order.</summary>
    public static IEnumerable<DateOnly> FindAll(string text)
    {
        foreach (Match m in DateRegex().Matches(text))
        {
            if (FromMatch(m) is { } date)
                yield return date;
        }
    }

    public static DateOnly? FindFirst(string text) => FindAll(text).Select(d => (DateOnly?)d).FirstOrDefault();

    /// <summary>The date of a match, or null when it names no real day (2026-13-45).</summary>
    public static DateOnly? FromMatch(Match m)
    {
        var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var mo = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        var d = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        return mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo) ? new DateOnly(y, mo, d) : null;
    }

    /// <summary>A PubDate meta value (<c>yyyy-MM-dd HH:mm[:ss]</c> or a date alone) as Beijing time.</summary>
    public static DateTimeOffset? ParsePubDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var m = DateTimeRegex().Match(value);
        if (!m.Success)
            return null;
        int Part(string name) => m.Groups[name].Success ? int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        var (y, mo, d, h, min, s) = (Part("y"), Part("m"), Part("d"), Part("h"), Part("min"), Part("s"));
        if (mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo) || h > 23 || min > 59 || s > 59)
            return null;
        return new DateTimeOffset(y, mo, d, h, min, s, ShanghaiOffset);
    }

    /// <summary>Collapses runs of whitespace (including full-width and no-break spaces) to one space.</summary>
    public static string Normalize(string? text) => text is null ? "" : Whitespace().Replace(text, " ").Trim();
}
