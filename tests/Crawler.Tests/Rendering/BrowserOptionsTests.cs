using Monitor.Crawler.Evidence;
using Monitor.Crawler.Rendering;

namespace Monitor.Crawler.Tests.Rendering;

/// <summary>The browser's defaults (Debian's Chromium, 3 pages, 20 s) and the messages that name a bad key.</summary>
public sealed class BrowserOptionsTests
{
    [Fact]
    public void Defaults_are_debians_chromium_three_pages_and_twenty_seconds()
    {
        var options = new BrowserOptions();

        Assert.Equal("/usr/bin/chromium", options.ExecutablePath);
        Assert.Equal(3, options.MaxPages);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Timeout);
        Assert.Null(options.UserAgent);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Every_bad_value_is_named()
    {
        var errors = new BrowserOptions { ExecutablePath = " ", MaxPages = 0, Timeout = TimeSpan.Zero }.Validate();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("ExecutablePath", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MaxPages must be at least 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Timeout must be positive", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new ChromiumRenderer(new BrowserOptions { MaxPages = 0 }, new InMemoryEvidenceStore(), TimeProvider.System));
    }
}
