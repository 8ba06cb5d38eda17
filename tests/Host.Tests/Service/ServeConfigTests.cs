using Monitor.Host.Configuration;
using Monitor.Host.Service;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Service;

/// <summary>The <c>serve:</c> section: defaults with units, every key binds, bad values and unknown keys stop loading with the key named.</summary>
public sealed class ServeConfigTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public ServeConfigTests()
    {
        foreach (var file in Directory.GetFiles(RepoPaths.SampleConfig))
            File.Copy(file, Path.Combine(_folder.Path, Path.GetFileName(file)));
    }

    public void Dispose() => _folder.Dispose();

    private void AppendDeployment(string yaml) =>
        File.AppendAllText(Path.Combine(_folder.Path, "deployment.yaml"), "\n" + yaml.Replace("\r\n", "\n", StringComparison.Ordinal));

    [Fact]
    public void Without_a_serve_section_the_defaults_apply()
    {
        var serve = DeploymentLoader.Load(_folder.Path).Serve;

        Assert.Equal(TimeSpan.FromMinutes(60), serve.ProbeInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), serve.DispatchInterval);
        Assert.Equal(TimeSpan.FromMinutes(2), serve.StartupSpread);
        Assert.Equal(TimeSpan.FromSeconds(30), serve.ShutdownTimeout);
        Assert.Equal(4, serve.MaxConcurrentJobs);
        // The sample deployment has no alerting: section, so the service sends nothing.
        Assert.False(serve.DispatchAlerts);
        Assert.Empty(serve.Validate());
    }

    [Fact]
    public void The_default_probe_interval_gives_the_availability_check_its_probes_a_day()
    {
        // rules/site-checks.yaml: availability.probesPerDay 20.
        Assert.True(TimeSpan.FromDays(1) / new ServeConfig().ProbeInterval >= 20);
    }

    [Fact]
    public void Every_key_binds()
    {
        AppendDeployment("""
            serve:
              probeInterval: 30m
              dispatchInterval: 10s
              dispatchAlerts: true
              startupSpread: 0s
              shutdownTimeout: 45s
              maxConcurrentJobs: 8
            """);

        var serve = DeploymentLoader.Load(_folder.Path).Serve;

        Assert.Equal(TimeSpan.FromMinutes(30), serve.ProbeInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), serve.DispatchInterval);
        Assert.True(serve.DispatchAlerts);
        Assert.Equal(TimeSpan.Zero, serve.StartupSpread);
        Assert.Equal(TimeSpan.FromSeconds(45), serve.ShutdownTimeout);
        Assert.Equal(8, serve.MaxConcurrentJobs);
    }

    [Fact]
    public void An_alerting_section_turns_dispatch_on_unless_serve_turns_it_off()
    {
        AppendDeployment("""
            alerting:
              lease: 5m
            """);
        Assert.True(DeploymentLoader.Load(_folder.Path).Serve.DispatchAlerts);

        AppendDeployment("""
            serve:
              dispatchAlerts: false
            """);
        Assert.False(DeploymentLoader.Load(_folder.Path).Serve.DispatchAlerts);
    }

    [Theory]
    [InlineData("probeInterval: 10s", "serve.probeInterval")]
    [InlineData("probeInterval: 2d", "serve.probeInterval")]
    [InlineData("dispatchInterval: 0s", "serve.dispatchInterval")]
    [InlineData("shutdownTimeout: 0s", "serve.shutdownTimeout")]
    [InlineData("startupSpread: soon", "serve.startupSpread")]
    [InlineData("maxConcurrentJobs: 0", "serve.maxConcurrentJobs")]
    [InlineData("dispatchAlerts: maybe", "serve.dispatchAlerts")]
    [InlineData("probeIntervall: 1h", "serve.probeIntervall")]
    public void A_bad_value_or_unknown_key_stops_loading_with_file_line_and_key(string line, string key)
    {
        AppendDeployment("serve:\n  " + line + "\n");

        var error = Assert.Single(Assert.Throws<ConfigException>(() => DeploymentLoader.Load(_folder.Path)).Errors);

        Assert.EndsWith("deployment.yaml", error.File, StringComparison.Ordinal);
        Assert.True(error.Line > 1);
        Assert.Equal(key, error.Key);
    }
}
