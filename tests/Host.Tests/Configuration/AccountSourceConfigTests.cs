using Monitor.Crawler;
using Monitor.Host.Configuration;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Configuration;

/// <summary>
/// The keys of WeChat account sources (<c>type: wechat-feed | wechat-list</c>, <c>platform</c>), of rendering
/// (<c>render</c>, <c>crawler.browser*</c>) and of schedules (<c>schedule</c>): each binds, and each bad value stops
/// loading with file, line and key.
/// </summary>
public sealed class AccountSourceConfigTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public AccountSourceConfigTests()
    {
        foreach (var file in Directory.GetFiles(RepoPaths.SampleConfig))
            File.Copy(file, Path.Combine(_folder.Path, Path.GetFileName(file)));
    }

    public void Dispose() => _folder.Dispose();

    private void AppendSources(string yaml) =>
        File.AppendAllText(Path.Combine(_folder.Path, "sources.yaml"), "\n" + yaml.Replace("\r\n", "\n", StringComparison.Ordinal));

    private void AppendCrawler(string lines)
    {
        var path = Path.Combine(_folder.Path, "deployment.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("  maxListPages: 200\n", "  maxListPages: 200\n" + lines, StringComparison.Ordinal));
    }

    private ConfigError SingleError()
    {
        var error = Assert.Throws<ConfigException>(() => DeploymentLoader.Load(_folder.Path));
        var item = Assert.Single(error.Errors);
        Assert.EndsWith("sources.yaml", item.File, StringComparison.Ordinal);
        Assert.True(item.Line > 1);
        return item;
    }

    [Fact]
    public void Wechat_sources_bind_their_channel_platform_render_and_schedule()
    {
        AppendSources("""
              - id: wx-test-feed
                name: 义乌发布
                url: /wechat/ywfb/feed.xml
                type: wechat-feed
                department: szfb
                schedule: "0 0 8 * * ?"

              - id: wx-test-list
                name: 义乌教育
                url: /wechat/ywjy/index.html
                type: wechat-list
                department: szfb
                platform: 微信服务号
                render: browser
            """);

        var deployment = DeploymentLoader.Load(_folder.Path);

        var feed = deployment.Sources.Single(s => s.Id == "wx-test-feed");
        Assert.Equal(SourceChannel.WeChatFeed, feed.Channel);
        Assert.True(feed.IsAccount);
        Assert.Equal("微信公众号", feed.Platform);
        Assert.Equal("0 0 8 * * ?", feed.Schedule);
        Assert.Equal(RenderMode.Auto, feed.Render);
        var list = deployment.Sources.Single(s => s.Id == "wx-test-list");
        Assert.Equal(SourceChannel.WeChatList, list.Channel);
        Assert.Equal("微信服务号", list.Platform);
        Assert.Equal(RenderMode.Browser, list.Render);
        Assert.Null(list.Schedule);
        Assert.All(deployment.Sources.Where(s => !s.IsAccount), s => Assert.Equal(SourceChannel.Page, s.Channel));
    }

    [Fact]
    public void A_column_may_ask_for_static_fetching()
    {
        AppendSources("""
              - id: js-col
                name: 脚本栏目
                url: /col/col1229000030/index.html
                type: column
                columnType: 通知公告
                department: szfb
                render: static
            """);

        Assert.Equal(RenderMode.Static, DeploymentLoader.Load(_folder.Path).Sources.Single(s => s.Id == "js-col").Render);
    }

    [Theory]
    [InlineData("type: wechat-rss\n    columnType: 通知公告", "type")]
    [InlineData("type: wechat-feed\n    render: sometimes", "render")]
    [InlineData("type: wechat-feed\n    render: browser", "render")]
    [InlineData("type: wechat-feed\n    schedule: every morning", "schedule")]
    [InlineData("type: wechat-feed\n    schedule: \"0 0 25 * * ?\"", "schedule")]
    [InlineData("type: column\n    columnType: 通知公告\n    platform: 微信公众号", "platform")]
    public void A_bad_value_names_file_line_and_key(string lines, string key)
    {
        AppendSources($"""
              - id: bad
                name: 坏配置
                url: /wechat/bad/feed.xml
                department: szfb
                {lines}
            """);

        var error = SingleError();

        Assert.Equal($"sources[{SourceCount()}].{key}", error.Key);
    }

    [Fact]
    public void Browser_settings_bind_and_default()
    {
        var defaults = DeploymentLoader.Load(_folder.Path).Crawler.ToBrowserOptions();
        Assert.Equal("/usr/bin/chromium", defaults.ExecutablePath);
        Assert.Equal(3, defaults.MaxPages);
        Assert.Equal(TimeSpan.FromSeconds(20), defaults.Timeout);

        AppendCrawler("  browserPath: /opt/chromium/chrome\n  browserPages: 2\n  browserTimeout: 45s\n");
        var browser = DeploymentLoader.Load(_folder.Path).Crawler.ToBrowserOptions();

        Assert.Equal("/opt/chromium/chrome", browser.ExecutablePath);
        Assert.Equal(2, browser.MaxPages);
        Assert.Equal(TimeSpan.FromSeconds(45), browser.Timeout);
    }

    [Theory]
    [InlineData("  browserPages: 0\n", "crawler.browserPages")]
    [InlineData("  browserTimeout: 0s\n", "crawler.browserTimeout")]
    [InlineData("  browserTimeout: soon\n", "crawler.browserTimeout")]
    [InlineData("  browserPath: \"\"\n", "crawler.browserPath")]
    [InlineData("  maxArticlesPerSource: 0\n", "crawler.maxArticlesPerSource")]
    [InlineData("  maxRetries: 11\n", "crawler.maxRetries")]
    [InlineData("  recheckAfter: later\n", "crawler.recheckAfter")]
    [InlineData("  circuitBreakerFailures: 0\n", "crawler.circuitBreakerFailures")]
    public void Bad_crawler_settings_name_their_key(string lines, string key)
    {
        AppendCrawler(lines);

        var error = Assert.Throws<ConfigException>(() => DeploymentLoader.Load(_folder.Path));

        var item = Assert.Single(error.Errors);
        Assert.Equal(key, item.Key);
        Assert.EndsWith("deployment.yaml", item.File, StringComparison.Ordinal);
    }

    // Index of the appended (last) source in the sources list.
    private int SourceCount() => DeploymentLoaderSourceCount(Path.Combine(RepoPaths.SampleConfig, "sources.yaml"));

    private static int DeploymentLoaderSourceCount(string sourcesFile) =>
        File.ReadAllLines(sourcesFile).Count(l => l.StartsWith("  - id:", StringComparison.Ordinal));
}
