namespace Monitor.Crawler.Tests;

public sealed class CrawlerOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones_and_valid()
    {
        var options = new CrawlerOptions();

        Assert.Equal(TimeSpan.FromSeconds(15), options.RequestTimeout);
        Assert.Equal(2, options.PerHostConcurrency);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.PerHostMinDelay);
        Assert.Equal(10L * 1024 * 1024, options.MaxResponseBytes);
        Assert.Equal(5, options.MaxRedirects);
        Assert.Equal(200, options.MaxListPages);
        Assert.Equal(5000, options.MaxArticlesPerSource);
        Assert.Empty(options.AllowedHosts);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Each_invalid_value_is_reported_under_its_key()
    {
        var options = new CrawlerOptions
        {
            RequestTimeout = TimeSpan.Zero,
            PerHostConcurrency = 0,
            PerHostMinDelay = TimeSpan.FromSeconds(-1),
            MaxResponseBytes = 0,
            MaxRedirects = -1,
            MaxListPages = 0,
            MaxArticlesPerSource = -1,
            ArticleConcurrency = 0,
            UserAgent = " ",
            AllowedHosts = new HashSet<string> { "http://portal.test/" },
        };

        var errors = options.Validate();

        Assert.Equal(
            [
                "RequestTimeout must be positive (was 00:00:00).",
                "PerHostConcurrency must be at least 1 (was 0).",
                "PerHostMinDelay must not be negative (was -00:00:01).",
                "MaxResponseBytes must be at least 1 (was 0).",
                "MaxRedirects must not be negative (was -1).",
                "MaxListPages must be at least 1 (was 0).",
                "MaxArticlesPerSource must not be negative (was -1).",
                "ArticleConcurrency must be at least 1 (was 0).",
                "UserAgent must not be empty.",
                "AllowedHosts entry 'http://portal.test/' is not a host name (expected host or host:port).",
            ],
            errors);
    }
}
