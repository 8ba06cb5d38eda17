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

    /// <summary>
    /// Lifecycle variant: article paths (portal articles or WeChat posts) that were withdrawn. A withdrawn article
    /// vanishes from every list, feed and the homepage, and its page answers 404; its attachments stay. Nothing
    /// else changes. Default: none. Paths that are not generated articles are rejected.
    /// </summary>
    public IReadOnlySet<string> WithdrawnDocuments { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Lifecycle variant: article paths whose main text gets one extra sentence (<see cref="PortalGenerator.EditSentence"/>);
    /// every other byte of the site stays the same. Default: none. Paths that are not generated articles are rejected.
    /// </summary>
    public IReadOnlySet<string> EditedDocuments { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Fault mode: adds the misbehaving columns under <c>/faults/{kind}/</c> (sources <c>fault-{kind}</c>, listed in
    /// <see cref="PortalManifest.FaultSources"/>, never in <see cref="PortalManifest.Sources"/>). Default false; the
    /// normal pages are byte-identical either way.
    /// </summary>
    public bool FaultPages { get; init; }

    /// <summary>How long the <c>/faults/slow/</c> list waits before answering. Default 3 seconds; zero or more.</summary>
    public TimeSpan FaultSlowDelay { get; init; } = TimeSpan.FromSeconds(3);
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
