using System.Text.RegularExpressions;

namespace Monitor.SamplePortal.Tests.Support;

/// <summary>The item table of docs/sample-portal.md, read from Fixtures/catalog-keywords.tsv (independent of the generator's code).</summary>
internal sealed record CatalogKeywords(string ItemId, IReadOnlyList<string> TitleKeywords, IReadOnlyList<Regex> Elements)
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
                cells[2].Split('|').Select(p => new Regex(p, RegexOptions.CultureInvariant)).ToList()))
            .ToList();
    }

    public bool TitleMatches(string title) => TitleKeywords.Any(k => title.Contains(k, StringComparison.Ordinal));
}
