using Monitor.Crawler.Fetching;

namespace Monitor.Crawler.Rendering;

/// <summary>
/// Renders a page in a browser (scripts run) and returns the resulting DOM as HTML. An I/O boundary with a real
/// implementation (<see cref="ChromiumRenderer"/>) and test fakes. Never throws for a failed render: failures are data
/// (<see cref="RenderResult"/>); only the caller's cancellation throws.
/// </summary>
public interface IPageRenderer : IAsyncDisposable
{
    /// <summary>
    /// Loads <paramref name="url"/>, lets its scripts build the page, and returns the rendered HTML as a fetch
    /// (saved as evidence). Every request the page makes goes to a host of <paramref name="allowedHosts"/> or is aborted.
    /// </summary>
    Task<RenderResult> RenderAsync(Uri url, HostAllowList allowedHosts, CancellationToken ct);
}

/// <summary>A render: the page as a fetch (<see cref="FetchResult.Body"/> is the rendered HTML, UTF-8).</summary>
/// <param name="Page">Succeeded with the rendered DOM, or failed with a Chinese reason in <see cref="FetchResult.Error"/>.</param>
/// <param name="BrowserUnavailable">The browser could not be started at all (missing executable, launch failure): no page can be rendered.</param>
public sealed record RenderResult(FetchResult Page, bool BrowserUnavailable = false)
{
    public bool Succeeded => Page.Succeeded;

    /// <summary>Requests the page tried to make to hosts off the allow list (aborted, never sent).</summary>
    public IReadOnlyList<Uri> BlockedRequests { get; init; } = [];
}
