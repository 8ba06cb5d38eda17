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
    /// <summary>Version history from <c>ruleset.yaml</c> <c>versions</c>, oldest first; the last is <see cref="Version"/>.</summary>
    public IReadOnlyList<RuleSetVersion> Versions { get; init; } = [];

    /// <summary>
    /// The version in force at <paramref name="asOf"/>: the latest whose effective date is not after it.
    /// Before the first version, the first one (the caller warns); without a history, <see cref="Version"/>.
    /// </summary>
    public RuleSetVersion VersionAt(DateOnly asOf)
    {
        if (Versions.Count == 0)
        {
            return new RuleSetVersion(Version, Effective, Name);
        }

        return Versions.LastOrDefault(v => v.Effective <= asOf) ?? Versions[0];
    }

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

/// <summary>One entry of the version history: a version, the first as-of date it applies to, and what changed (Chinese or English).</summary>
public sealed record RuleSetVersion(string Version, DateOnly Effective, string Notes);
