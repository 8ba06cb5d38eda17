using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Tests.Support;

namespace Monitor.RuleEngine.Tests.Catalog;

/// <summary>
/// The repository's rules, loaded once for all catalog tests, and the checks every catalog item must pass
/// whatever its area (the per-area test classes add their own contract and routing checks).
/// </summary>
internal static class CatalogShape
{
    public static RuleSetLoadResult Loaded { get; } = RuleSetLoader.Load(RepoPaths.Rules);

    public static RuleSet Rules => Loaded.RuleSet ?? throw new InvalidOperationException(string.Join("\n", Loaded.Errors));

    public static IReadOnlyList<CatalogItem> ItemsOf(string area) => Rules.Items.Where(i => i.Area == area).ToList();

    /// <summary>A typed deadline, a required element that can be found, a title pattern and an abstract subject.</summary>
    public static void AssertCore(CatalogItem item)
    {
        Assert.NotNull(item.Deadline);
        Assert.Contains(item.Elements, e => e.Required && (e.Find.Patterns.Count > 0 || e.Find.Field is not null));
        Assert.NotEmpty(item.Match.Titles);
        Assert.False(string.IsNullOrWhiteSpace(item.Subject));
    }

    /// <summary>Every citation names its document (《…》).</summary>
    public static void AssertEveryBasisNamesADocument(CatalogItem item)
    {
        Assert.NotEmpty(item.Basis);
        Assert.All(item.Basis, b => Assert.Contains("《", b, StringComparison.Ordinal));
    }

    /// <summary>At least one citation names a document and an article (《…》第…条).</summary>
    public static void AssertCitesAnArticle(CatalogItem item) =>
        Assert.Contains(item.Basis, b => b.Contains('《') && b.Contains('第') && b.Contains('条'));
}
