namespace Monitor.Crawler.Rendering;

/// <summary>Settings of the headless browser used for script-built list pages. Every value has a safe default.</summary>
public sealed record BrowserOptions
{
    /// <summary>Chromium executable (Debian's package). Default <c>/usr/bin/chromium</c>. Nothing is ever downloaded.</summary>
    public string ExecutablePath { get; init; } = "/usr/bin/chromium";

    /// <summary>Pages open at once in the one browser of the process. Default 3.</summary>
    public int MaxPages { get; init; } = 3;

    /// <summary>
    /// Time allowed for one render: navigation, waiting for the network to go idle and reading the DOM; also the limit
    /// for waiting for a free page. Default 20 seconds.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Time allowed for starting the driver and the browser (cold start is 1–3 s on an idle machine, far more on a
    /// loaded one). Default 60 seconds. A launch that timed out is tried again at the next render.
    /// </summary>
    public TimeSpan LaunchTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>User-Agent of the rendered page's requests; null (default) keeps the browser's own.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Checks every value; each error names its key. Empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ExecutablePath))
            errors.Add($"{nameof(ExecutablePath)} must not be empty.");
        if (MaxPages < 1)
            errors.Add($"{nameof(MaxPages)} must be at least 1 (was {MaxPages}).");
        if (Timeout <= TimeSpan.Zero)
            errors.Add($"{nameof(Timeout)} must be positive (was {Timeout}).");
        if (LaunchTimeout <= TimeSpan.Zero)
            errors.Add($"{nameof(LaunchTimeout)} must be positive (was {LaunchTimeout}).");
        return errors;
    }
}
