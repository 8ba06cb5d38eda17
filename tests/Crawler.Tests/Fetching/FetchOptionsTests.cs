namespace Monitor.Crawler.Tests.Fetching;

/// <summary>The robustness and incremental options: documented defaults, and each bad value reported under its key.</summary>
public sealed class FetchOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new CrawlerOptions();

        Assert.Equal(2, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), options.MaxRetryAfter);
        Assert.Equal(5, options.CircuitBreakerFailures);
        Assert.Equal(TimeSpan.FromMinutes(2), options.CircuitBreakerCooldown);
        Assert.False(options.AllowPrivateAddresses);
        Assert.True(options.CheckExternalLinks);
        Assert.Equal(TimeSpan.FromDays(1), options.RecheckAfter);
        Assert.Equal(TimeSpan.FromDays(30), options.IncrementalWindow);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Each_invalid_value_is_reported_under_its_key()
    {
        var options = new CrawlerOptions
        {
            MaxRetries = 11,
            RetryBaseDelay = TimeSpan.FromSeconds(-1),
            MaxRetryAfter = TimeSpan.FromSeconds(-1),
            CircuitBreakerFailures = 0,
            CircuitBreakerCooldown = TimeSpan.Zero,
            RecheckAfter = TimeSpan.FromDays(-1),
            IncrementalWindow = TimeSpan.FromDays(-1),
        };

        Assert.Equal(
            [
                "MaxRetries must be between 0 and 10 (was 11).",
                "RetryBaseDelay must not be negative (was -00:00:01).",
                "MaxRetryAfter must not be negative (was -00:00:01).",
                "CircuitBreakerFailures must be at least 1 (was 0).",
                "CircuitBreakerCooldown must be positive (was 00:00:00).",
                "RecheckAfter must not be negative (was -1.00:00:00).",
                "IncrementalWindow must not be negative (was -1.00:00:00).",
            ],
            options.Validate());
    }
}
