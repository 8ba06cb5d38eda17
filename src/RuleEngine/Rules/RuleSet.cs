namespace Monitor.RuleEngine.Rules;

/// <summary>
/// A loaded rule set: header (version, effective date), the catalog grouped by area in file order
/// and the site checks. Immutable; safe to share between evaluations.
/// </summary>
public sealed record RuleSet(
    string Version,
    DateOnly Effective,
    string Name,
    string TimeZone,
    IReadOnlyList<CatalogArea> Areas,
    SiteChecks SiteChecks)
{
    // Built on first use and tied to the Areas list it indexes, so a copy made with `with { Areas = … }`
    // never answers from the old list. One reference field: safe to race on.
    private ItemIndex? index;

    /// <summary>All items in catalog file order.</summary>
    public IEnumerable<CatalogItem> Items => Areas.SelectMany(a => a.Items);

    /// <summary>The item with this id, or null.</summary>
    public CatalogItem? FindItem(string id)
    {
        var current = index;
        if (current is null || !ReferenceEquals(current.Areas, Areas))
        {
            current = new ItemIndex(Areas, Areas.SelectMany(a => a.Items).GroupBy(i => i.Id, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));
            index = current;
        }

        return current.ById.GetValueOrDefault(id);
    }

    private sealed record ItemIndex(IReadOnlyList<CatalogArea> Areas, Dictionary<string, CatalogItem> ById);
}
