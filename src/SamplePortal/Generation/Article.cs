namespace Monitor.SamplePortal.Generation;

/// <summary>
/// What a content writer decides about one document before it gets an id and a path.
/// <paramref name="MissingAttachment"/> is the 1-based number of an attachment that is linked but not served.
/// </summary>
internal sealed record ArticleDraft(
    string? ItemId,
    string Title,
    DateOnly WrittenDate,
    DateOnly PublishDate,
    TimeOnly PublishTime,
    string? DocumentNumber,
    IReadOnlyList<string> Paragraphs,
    IReadOnlyList<string> AttachmentNames)
{
    /// <summary>A link inside the body (rendered as its own paragraph after the text).</summary>
    public BodyLink? Link { get; init; }

    public int? MissingAttachment { get; init; }

    /// <summary>
    /// Written but never published (a missing-item fault). It still takes its document id, so turning the
    /// fault off or on leaves the id, and with it the path, of every other document of the column unchanged.
    /// </summary>
    public bool Withheld { get; init; }

    /// <summary>Fault ids this draft carries, so the manifest can name its path once it has one.</summary>
    public IReadOnlyList<string> PlantedFaults { get; init; } = [];
}

/// <summary>A link in an article body; <paramref name="Href"/> is the path as written.</summary>
internal sealed record BodyLink(string Lead, string Text, string Href);

/// <summary>An attachment: <paramref name="Href"/> as written on the page, <paramref name="Path"/> as served (path and query).</summary>
internal sealed record ArticleAttachment(string Name, string Href, string Path, bool Served);

/// <summary>A document with its id, path and everything rendered from it.</summary>
internal sealed record Article(
    ColumnDefinition Column,
    ArticleDraft Draft,
    long DocId,
    string Path,
    string ListHref,
    string IndexNumber,
    IReadOnlyList<ArticleAttachment> Attachments)
{
    public string? ItemId => Draft.ItemId;

    public string Title => Draft.Title;

    public DateOnly PublishDate => Draft.PublishDate;
}

/// <summary>A Hanweb column's records (rendered <c>&lt;li&gt;</c> fragments, newest first) for dataproxy.jsp.</summary>
internal sealed record HanwebColumn(ColumnDefinition Column, IReadOnlyList<string> Records);
