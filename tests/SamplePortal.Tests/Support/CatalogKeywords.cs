using System.Globalization;
using System.Text.RegularExpressions;
using Monitor.SamplePortal.Generation;

namespace Monitor.SamplePortal.Tests.Support;

/// <summary>
/// The item tables of docs/sample-portal.md and docs/sample-portal-areas.md, read from Fixtures/catalog-keywords.tsv
/// (independent of the generator's code).
/// </summary>
internal sealed record CatalogKeywords(string ItemId, IReadOnlyList<string> TitleKeywords, IReadOnlyList<Regex> Elements, Window PublishWindow)
{
    public static IReadOnlyList<CatalogKeywords> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "catalog-keywords.tsv");
        return File.ReadAllLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(cells => new CatalogKeywords(
                cells[0],
                cells[1].Split('|'),
                cells[2].Split('|').Select(p => new Regex(p, RegexOptions.CultureInvariant)).ToList(),
                Window.Parse(cells[3])))
            .ToList();
    }

    public bool TitleMatches(string title) => TitleKeywords.Any(k => title.Contains(k, StringComparison.Ordinal));
}

/// <summary>A publish window such as <c>wd:3-10</c> (working days) or <c>cd:1-3</c> (calendar days).</summary>
internal sealed record Window(bool CalendarDays, int Min, int Max)
{
    public static Window Parse(string text)
    {
        var match = Regex.Match(text, "^(wd|cd):(\\d+)-(\\d+)$");
        Assert.True(match.Success, $"bad publish window {text}");
        return new Window(match.Groups[1].Value == "cd", int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Days from 成文日期 to 发布日期 in this window's unit.</summary>
    public int Gap(DateOnly written, DateOnly published) =>
        CalendarDays ? published.DayNumber - written.DayNumber : WorkingDayCalendar.WorkingDaysBetween(written, published);

    public override string ToString() => $"{(CalendarDays ? "cd" : "wd")}:{Min}-{Max}";
}
