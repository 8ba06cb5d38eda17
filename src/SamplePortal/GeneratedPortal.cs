using Monitor.SamplePortal.Generation;

namespace Monitor.SamplePortal;

/// <summary>
/// A generated portal held in memory: every page by path (with query, exactly as linked) and the
/// manifest. Built by <see cref="PortalGenerator.Generate"/>; served by <see cref="SamplePortalServer"/>.
/// </summary>
public sealed class GeneratedPortal
{
    private readonly Dictionary<string, PortalPage> _pages;
    private readonly Dictionary<long, HanwebColumn> _hanwebColumns;

    internal GeneratedPortal(
        PortalOptions options,
        PortalManifest manifest,
        Dictionary<string, PortalPage> pages,
        IReadOnlyList<Article> articles,
        Dictionary<long, HanwebColumn> hanwebColumns)
    {
        Options = options;
        Manifest = manifest;
        _pages = pages;
        Articles = articles;
        _hanwebColumns = hanwebColumns;
    }

    /// <summary>The options the portal was generated from.</summary>
    public PortalOptions Options { get; }

    /// <summary>Ground truth: planted faults and sources.</summary>
    public PortalManifest Manifest { get; }

    /// <summary>The sources (homepage, columns and WeChat account mirrors).</summary>
    public IReadOnlyList<PortalSource> Sources => Manifest.Sources;

    /// <summary>Every page, keyed by path and query (e.g. <c>/index.html</c>, <c>/module/download/downfile.jsp?classid=0&amp;filename=1000456_1.pdf</c>).</summary>
    public IReadOnlyDictionary<string, PortalPage> Pages => _pages;

    /// <summary>Every generated article with what the generator knows of it (tests and diagnostics).</summary>
    internal IReadOnlyList<Article> Articles { get; }

    /// <summary>Hanweb columns by column id, for dataproxy.jsp.</summary>
    internal IReadOnlyDictionary<long, HanwebColumn> HanwebColumns => _hanwebColumns;

    /// <summary>The page at a path (and query), or null.</summary>
    public PortalPage? Find(string pathAndQuery) => _pages.GetValueOrDefault(pathAndQuery);

    /// <summary>Last-Modified of every page the lifecycle variants did not change: as-of 00:00 +08:00.</summary>
    public DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The posts of the mirrored WeChat accounts (withdrawn ones left out), newest first per account.</summary>
    public IReadOnlyList<WeChatPost> WeChatPosts { get; init; } = [];

    /// <summary>The misbehaving columns of fault mode (empty unless <see cref="PortalOptions.FaultPages"/>).</summary>
    public IReadOnlyList<PortalSource> FaultSources => Manifest.FaultSources;

    /// <summary>The ordinary articles of the fault-mode columns.</summary>
    internal IReadOnlyList<Article> FaultArticles { get; init; } = [];

    /// <summary>The streamed 20 MiB page of <c>/faults/huge/</c>, null outside fault mode.</summary>
    internal Rendering.HugePage? HugePage { get; init; }
}

/// <summary>One servable resource.</summary>
/// <param name="Path">Path and query it is served at.</param>
/// <param name="SourceId">Source it belongs to (fault modes act on it).</param>
/// <param name="ContentType">Content-Type header value, with charset for text.</param>
/// <param name="Body">The exact bytes served.</param>
public sealed record PortalPage(string Path, string SourceId, string ContentType, ReadOnlyMemory<byte> Body)
{
    /// <summary>The Last-Modified header: the generation time, or one hour later for pages a lifecycle variant changed.</summary>
    public DateTimeOffset LastModified { get; init; }
}
