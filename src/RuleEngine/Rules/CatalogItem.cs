using System.Text.RegularExpressions;

namespace Monitor.RuleEngine.Rules;

/// <summary>One disclosure item (公开事项) of an area's standard catalog.</summary>
/// <param name="Id">Stable id, e.g. <c>bzxzf-zcwj</c>; unique across all catalog files.</param>
/// <param name="Area">Area id (from the file).</param>
/// <param name="Order">Position in catalog file order (files by name, items as written): documents go to the first matching item.</param>
/// <param name="Provenance">Whether the row is taken from a guideline (verified) or reasoned by us (derived, with <paramref name="Note"/>).</param>
/// <param name="MachineCheckable">False for 依申请 and offline-only items: they load but produce no findings.</param>
public sealed record CatalogItem(
    string Id,
    string Area,
    int Order,
    string Level1,
    string Level2,
    string? Level3,
    Provenance Provenance,
    string? Note,
    IReadOnlyList<ItemElement> Elements,
    IReadOnlyList<string> Basis,
    Deadline Deadline,
    Presence Presence,
    string Subject,
    IReadOnlyList<Channel> Channels,
    string Audience,
    string Mode,
    IReadOnlyList<string> Levels,
    bool MachineCheckable,
    ItemMatch Match)
{
    /// <summary>Dates the item is in force (<c>effective: {from, to}</c>, both inclusive); always when absent.</summary>
    public EffectivePeriod Effective { get; init; } = EffectivePeriod.Always;

    /// <summary>Display name 一级/二级(/三级) for messages.</summary>
    public string DisplayName => Level3 is null ? $"{Level1}/{Level2}" : $"{Level1}/{Level2}/{Level3}";

    /// <summary>Whether a document title belongs to this item (a title pattern matches and no exclusion does).</summary>
    public bool MatchesTitle(string title) =>
        Match.Titles.Any(r => SafeIsMatch(r, title)) && !Match.ExcludeTitles.Any(r => SafeIsMatch(r, title));

    /// <summary>Titles are crawled text: a pattern that times out on one counts as not matching.</summary>
    private static bool SafeIsMatch(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}

/// <summary>verified = taken from a guideline row; derived = our reasoning, explained in the item's note.</summary>
public enum Provenance
{
    Verified,
    Derived,
}

/// <summary>A content element (公开内容要素): ● required or 〇 optional.</summary>
public sealed record ItemElement(string Name, bool Required, ElementFind Find);

/// <summary>
/// How an element is recognised: satisfied when any pattern matches the title, body text or an
/// attachment name, or when <see cref="Field"/> is set and that extracted field is non-empty.
/// </summary>
public sealed record ElementFind(IReadOnlyList<Regex> Patterns, DocumentField? Field);

/// <summary>Extracted document fields an element can rely on.</summary>
public enum DocumentField
{
    Title,
    DocumentNumber,
    Publisher,
    WrittenDate,
    PublishedAt,
    IndexNumber,
    Body,
}

/// <summary>A publication channel (公开渠道和载体); ■ required or □ optional.</summary>
public sealed record Channel(string Name, bool Required);

/// <summary>How documents are recognised as this item.</summary>
public sealed record ItemMatch(IReadOnlyList<Regex> Titles, IReadOnlyList<Regex> ExcludeTitles);

/// <summary>One area's catalog (one file under <c>rules/catalog/</c>).</summary>
public sealed record CatalogArea(string Id, string Name, string Guideline, string File, IReadOnlyList<CatalogItem> Items);
