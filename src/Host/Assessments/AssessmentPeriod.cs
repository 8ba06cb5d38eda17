using System.Globalization;
using System.Text.RegularExpressions;
using Monitor.Alerting;

namespace Monitor.Host.Assessments;

/// <summary>
/// An assessment period: its id and its days. Ids of the standard forms name their own dates — <c>2026</c> (the year),
/// <c>2026-H1</c>/<c>2026-H2</c> (half years), <c>2026-Q1</c>…<c>2026-Q4</c> (quarters), <c>2026-11</c> (a month); any other id
/// (<c>[A-Za-z0-9._-]</c>, 1 to 40 characters, for example <c>2026-special</c>) needs explicit first and last days.
/// A period is evaluated at <see cref="AsOf"/>: 00:00 Asia/Shanghai of the day after its last day.
/// </summary>
/// <param name="Id">The period id as given.</param>
/// <param name="From">First day (inclusive).</param>
/// <param name="To">Last day (inclusive).</param>
internal sealed partial record AssessmentPeriod(string Id, DateOnly From, DateOnly To)
{
    /// <summary>Longest custom period, in days (about ten years, as <c>monitor backfill</c> allows).</summary>
    public const int MaxDays = 3700;

    /// <summary>Standard ids are for the years 2000 to 2100.</summary>
    private const int MinYear = 2000;
    private const int MaxYear = 2100;

    /// <summary>The evaluation time: 00:00 Asia/Shanghai of the day after <see cref="To"/>.</summary>
    public DateTimeOffset AsOf => ChinaTime.StartOf(To.AddDays(1));

    /// <summary>Days in the period.</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The period in Chinese: 2026年第3季度, 2026年11月, 2026年1月5日至2026年3月31日 ….</summary>
    public string Label
    {
        get
        {
            var inv = CultureInfo.InvariantCulture;
            if (From.Day == 1 && From.AddYears(1).AddDays(-1) == To && From.Month == 1)
            {
                return string.Create(inv, $"{From.Year}年度");
            }

            if (From.Day == 1 && From.AddMonths(6).AddDays(-1) == To && From.Month is 1 or 7)
            {
                return string.Create(inv, $"{From.Year}年{(From.Month == 1 ? "上" : "下")}半年");
            }

            if (From.Day == 1 && From.AddMonths(3).AddDays(-1) == To && From.Month % 3 == 1)
            {
                return string.Create(inv, $"{From.Year}年第{(From.Month + 2) / 3}季度");
            }

            if (From.Day == 1 && From.AddMonths(1).AddDays(-1) == To)
            {
                return string.Create(inv, $"{From.Year}年{From.Month}月");
            }

            return ChinaTime.FormatDate(From) + "至" + ChinaTime.FormatDate(To);
        }
    }

    /// <summary>
    /// Parses a period id, with <paramref name="from"/>/<paramref name="to"/> (yyyy-MM-dd) for an id of no standard form.
    /// Throws <see cref="FormatException"/> with a Chinese message naming what is wrong.
    /// </summary>
    public static AssessmentPeriod Parse(string id, string? from = null, string? to = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!CustomId().IsMatch(id))
        {
            throw new FormatException($"周期编号“{Shorten(id)}”无效：只能由字母、数字和 . _ - 组成，长度 1 至 40 个字符（如 2026、2026-H1、2026-Q3、2026-11）");
        }

        if (string.Equals(id, Assessment.LiveId, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"周期编号不能为“{id}”：它是实时评估的保留编号");
        }

        var standard = Standard(id);
        if (standard is not null)
        {
            if (from is not null || to is not null)
            {
                throw new FormatException($"周期“{id}”的起止日期由编号决定，不能再指定 --from/--to（自定义周期请另取编号，如 {id}-custom）");
            }

            return standard;
        }

        if (LooksStandard().IsMatch(id))
        {
            throw new FormatException(
                $"周期编号“{id}”无效：年度写作 2026，半年写作 2026-H1 或 2026-H2，季度写作 2026-Q1 至 2026-Q4，月份写作 2026-01 至 2026-12（年份 {MinYear}–{MaxYear}）");
        }

        if (from is null || to is null)
        {
            throw new FormatException($"周期“{id}”不是标准编号（年度 2026、半年 2026-H1、季度 2026-Q3、月份 2026-11），请用 --from 和 --to 指定起止日期");
        }

        var first = Day(from, "--from");
        var last = Day(to, "--to");
        if (last < first)
        {
            throw new FormatException($"--to（{to}）不能早于 --from（{from}）");
        }

        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            throw new FormatException($"周期跨度不能超过 {MaxDays} 天");
        }

        if (last.Year > MaxYear)
        {
            throw new FormatException($"--to 不能晚于 {MaxYear} 年");
        }

        return new AssessmentPeriod(id, first, last);
    }

    /// <summary>The period of a standard id, or null when the id has no standard form.</summary>
    private static AssessmentPeriod? Standard(string id)
    {
        var match = StandardId().Match(id);
        if (!match.Success)
        {
            return null;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (year is < MinYear or > MaxYear)
        {
            return null;
        }

        var start = new DateOnly(year, 1, 1);
        if (!match.Groups["rest"].Success)
        {
            return new AssessmentPeriod(id, start, start.AddYears(1).AddDays(-1));
        }

        var rest = match.Groups["rest"].Value;
        var number = int.Parse(rest.AsSpan(rest[0] is 'H' or 'Q' ? 1 : 0), CultureInfo.InvariantCulture);
        var (first, months) = rest[0] switch
        {
            'H' when number is 1 or 2 => (start.AddMonths((number - 1) * 6), 6),
            'Q' when number is >= 1 and <= 4 => (start.AddMonths((number - 1) * 3), 3),
            >= '0' and <= '9' when number is >= 1 and <= 12 => (start.AddMonths(number - 1), 1),
            _ => (default(DateOnly), 0),
        };
        return months == 0 ? null : new AssessmentPeriod(id, first, first.AddMonths(months).AddDays(-1));
    }

    private static DateOnly Day(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new FormatException($"{option} 应为 yyyy-MM-dd 格式的日期，实际为“{Shorten(text)}”");

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex CustomId();

    [GeneratedRegex("^(?<year>[0-9]{4})(?:-(?<rest>H[0-9]|Q[0-9]|[0-9]{2}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex StandardId();

    /// <summary>What a mistyped standard id looks like: a year alone, or a year with a half, quarter or month part.</summary>
    [GeneratedRegex("^[0-9]{4}(?:-(?:[HhQq][0-9]*|[0-9]{1,3}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex LooksStandard();
}
