using Monitor.RuleEngine.Rules;

namespace Monitor.RuleEngine.Evaluation;

/// <summary>
/// Assigns each document of a source to the FIRST of the source's expected items (in catalog file
/// order) whose title patterns match and whose exclusions do not; unmatched documents stay unassigned.
/// </summary>
internal sealed class DocumentAssignment
{
    private readonly Dictionary<string, List<ObservedDocument>> byItem = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CatalogItem> byPage = new(StringComparer.Ordinal);

    private DocumentAssignment()
    {
    }

    public static DocumentAssignment Assign(IReadOnlyList<ObservedDocument> documents, IReadOnlyList<CatalogItem> expectedInOrder)
    {
        var result = new DocumentAssignment();
        foreach (var document in documents)
        {
            var item = expectedInOrder.FirstOrDefault(i => i.MatchesTitle(document.Title));
            if (item is null)
            {
                continue;
            }

            if (!result.byItem.TryGetValue(item.Id, out var list))
            {
                result.byItem[item.Id] = list = [];
            }

            list.Add(document);
            result.byPage.TryAdd(FindingIds.UrlKey(document.Url), item);
        }

        return result;
    }

    public IReadOnlyList<ObservedDocument> DocumentsOf(CatalogItem item) =>
        byItem.TryGetValue(item.Id, out var list) ? list : [];

    /// <summary>The item of the document a page URL belongs to (compared by path and query), or null.</summary>
    public CatalogItem? ItemOfPage(string pageUrl) => byPage.GetValueOrDefault(FindingIds.UrlKey(pageUrl));
}
