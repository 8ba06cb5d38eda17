using Monitor.Host.Api;
using Monitor.Host.Configuration;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Configuration;

/// <summary>The <c>api:</c> section: defaults with units, every key binds, bad values and unknown keys stop loading with the key named.</summary>
public sealed class ApiConfigTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public ApiConfigTests()
    {
        foreach (var file in Directory.GetFiles(RepoPaths.SampleConfig))
            File.Copy(file, Path.Combine(_folder.Path, Path.GetFileName(file)));
    }

    public void Dispose() => _folder.Dispose();

    private void AppendDeployment(string yaml) =>
        File.AppendAllText(Path.Combine(_folder.Path, "deployment.yaml"), "\n" + yaml.Replace("\r\n", "\n", StringComparison.Ordinal));

    [Fact]
    public void Without_an_api_section_the_defaults_apply()
    {
        var api = DeploymentLoader.Load(_folder.Path).Api;

        Assert.True(api.Enabled);
        Assert.Equal(new Uri("http://127.0.0.1:8480/"), api.Url);
        Assert.Null(api.PublicUrl);
        Assert.Equal(api.Url, api.LinkBase);
        Assert.Equal(600, api.RateLimitPerMinute);
        Assert.Equal(30, api.InvalidKeyLimitPerMinute);
        Assert.Equal(100, api.DefaultPageSize);
        Assert.Equal(1000, api.MaxPageSize);
        Assert.Equal(TimeSpan.FromSeconds(1), api.RequestLogFlush);
        Assert.Equal(TimeSpan.FromDays(180), api.RequestLogRetention);
        Assert.Empty(api.Validate());
    }

    [Fact]
    public void Every_key_binds()
    {
        AppendDeployment("""
            api:
              enabled: false
              url: http://0.0.0.0:9000
              publicUrl: https://gk.example.gov.cn
              rateLimit: 120
              invalidKeyLimit: 10
              pageSize: 50
              maxPageSize: 500
              requestLogFlush: 500ms
              requestLogRetention: 365d
            """);

        var api = DeploymentLoader.Load(_folder.Path).Api;

        Assert.False(api.Enabled);
        Assert.Equal(new Uri("http://0.0.0.0:9000/"), api.Url);
        Assert.Equal(new Uri("https://gk.example.gov.cn/"), api.LinkBase);
        Assert.Equal(120, api.RateLimitPerMinute);
        Assert.Equal(10, api.InvalidKeyLimitPerMinute);
        Assert.Equal(50, api.DefaultPageSize);
        Assert.Equal(500, api.MaxPageSize);
        Assert.Equal(TimeSpan.FromMilliseconds(500), api.RequestLogFlush);
        Assert.Equal(TimeSpan.FromDays(365), api.RequestLogRetention);
    }

    [Theory]
    [InlineData("url: ftp://127.0.0.1:21", "api.url")]
    [InlineData("url: http://127.0.0.1:8480/api", "api.url")]
    [InlineData("rateLimit: 0", "api.rateLimit")]
    [InlineData("invalidKeyLimit: 0", "api.invalidKeyLimit")]
    [InlineData("pageSize: 5000", "api.pageSize")]
    [InlineData("requestLogFlush: 5m", "api.requestLogFlush")]
    [InlineData("requestLogRetention: 30d", "api.requestLogRetention")]
    [InlineData("enabled: sometimes", "api.enabled")]
    [InlineData("rateLimt: 10", "api.rateLimt")]
    public void A_bad_value_or_unknown_key_stops_loading_with_file_line_and_key(string line, string key)
    {
        AppendDeployment("api:\n  " + line + "\n");

        var error = Assert.Single(Assert.Throws<ConfigException>(() => DeploymentLoader.Load(_folder.Path)).Errors);

        Assert.EndsWith("deployment.yaml", error.File, StringComparison.Ordinal);
        Assert.True(error.Line > 1);
        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void The_request_log_is_kept_at_least_six_months()
    {
        var errors = new ApiOptions { RequestLogRetention = TimeSpan.FromDays(179) }.Validate();

        var (key, message) = Assert.Single(errors);
        Assert.Equal("requestLogRetention", key);
        Assert.Contains("网络安全法", message, StringComparison.Ordinal);
    }
}
