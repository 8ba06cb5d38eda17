namespace Monitor.SamplePortal;

/// <summary>
/// What to generate. The same options always give byte-identical pages and manifest.
/// </summary>
public sealed record PortalOptions
{
    /// <summary>Smallest accepted <see cref="NewsPerColumn"/>: the stale homepage needs 8 news entries at least 20 days old.</summary>
    public const int MinNewsPerColumn = 20;

    /// <summary>Largest accepted <see cref="NewsPerColumn"/> (document ids of one column must stay in their range).</summary>
    public const int MaxNewsPerColumn = 10_000;

    /// <summary>Seed of every random choice (titles, dates, ids). Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The as-of date (Asia/Shanghai calendar date) that every generated date is relative to. Required.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>
    /// Size knob: documents per news column (<c>dtyw</c>, <c>jyj-jydt</c>; <c>tzgg</c> gets twice as many).
    /// Default 40; between <see cref="MinNewsPerColumn"/> and <see cref="MaxNewsPerColumn"/>.
    /// </summary>
    public int NewsPerColumn { get; init; } = 40;

    /// <summary>
    /// Ids of planted faults to leave out (see <see cref="PortalFaults"/>), e.g. <c>late-publication/bzxzf</c>.
    /// A disabled fault makes the portal compliant in that respect and disappears from the manifest.
    /// Default: none disabled. Unknown ids are rejected.
    /// </summary>
    public IReadOnlySet<string> DisabledFaults { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Sources that misbehave when served, by source id (<c>home</c>, <c>dtyw</c>, <c>bzxzf</c> …).
    /// Default: none. Unknown source ids are rejected. Has no effect on the generated pages or the manifest.
    /// </summary>
    public IReadOnlyDictionary<string, SourceFaultMode> SourceFaults { get; init; } = new Dictionary<string, SourceFaultMode>(StringComparer.Ordinal);
}

/// <summary>How a source answers when it is served.</summary>
public enum SourceFaultMode
{
    /// <summary>Normally.</summary>
    None,

    /// <summary>Every page of the source (list pages, its dataproxy column, its articles and attachments) answers 500.</summary>
    ServerError,

    /// <summary>Every request of the source waits until the client gives up (or the server stops) and never answers.</summary>
    Hang,
}
