using Monitor.Host.Configuration;
using Monitor.Host.Metrics;
using Monitor.Host.Tests.Support;
using Serilog.Events;

namespace Monitor.Host.Tests.Metrics;

/// <summary>The metrics: and logging: sections of deployment.yaml bind every key or fail with the key named; secrets come from the environment.</summary>
public sealed class MetricsConfigTests : IDisposable
{
    private readonly TempFolder folder = new();

    private string Config(string extra)
    {
        foreach (var file in Directory.GetFiles(RepoPaths.SampleConfig, "*.yaml"))
        {
            File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)), overwrite: true);
        }

        File.AppendAllText(Path.Combine(folder.Path, "deployment.yaml"), "\n" + extra);
        return folder.Path;
    }

    [Fact]
    public void Every_key_of_the_metrics_and_logging_sections_binds()
    {
        var variable = "MONITOR_TEST_TOKEN_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "tok-123");
        var deployment = DeploymentLoader.Load(Config($"""
            metrics:
              mode: v2
              url: http://influx:8086
              org: 义乌
              bucket: monitor/autogen
              tokenEnv: {variable}
              batchSize: 100
              timeout: 5s
              buffer:
                maxBytes: 2048
                maxBatches: 7
            logging:
              minimumLevel: Debug
              consoleLevel: Error
              file: /var/log/monitor/monitor-.log
              retainedFiles: 30
              seq:
                url: http://seq:5341
                period: 500ms
            """));

        var m = deployment.Metrics!;
        Assert.Equal((MetricsMode.V2, "http://influx:8086/", "义乌", "monitor/autogen", "tok-123", 100, TimeSpan.FromSeconds(5), 2048L, 7),
            (m.Mode, m.Url.ToString(), m.Org, m.Bucket, m.Token!.Reveal(), m.BatchSize, m.Timeout, m.BufferMaxBytes, m.BufferMaxBatches));
        var l = deployment.Logging;
        Assert.Equal((LogEventLevel.Debug, LogEventLevel.Error, "/var/log/monitor/monitor-.log", 30, "http://seq:5341/", TimeSpan.FromMilliseconds(500)),
            (l.MinimumLevel, l.ConsoleLevel, l.File, l.RetainedFiles, l.SeqUrl!.ToString(), l.SeqPeriod));
    }

    [Fact]
    public void Defaults_are_pinned()
    {
        var m = new MetricsOptions { Mode = MetricsMode.V1, Url = new Uri("http://x/") };
        Assert.Equal(("monitor", "monitor", "monitor", 5000, TimeSpan.FromSeconds(10), 64L * 1024 * 1024, 10_000),
            (m.Org, m.Bucket, m.Database, m.BatchSize, m.Timeout, m.BufferMaxBytes, m.BufferMaxBatches));
        var l = Monitor.Host.Logging.LoggingOptions.Default;
        Assert.Equal((LogEventLevel.Information, LogEventLevel.Warning, 14, TimeSpan.FromSeconds(2)), (l.MinimumLevel, l.ConsoleLevel, l.RetainedFiles, l.SeqPeriod));
        Assert.Null(DeploymentLoader.Load(RepoPaths.SampleConfig).Metrics);
    }

    [Fact]
    public void A_misspelt_key_an_unset_secret_variable_and_a_bad_mode_are_errors_naming_the_key()
    {
        var e = Assert.Throws<ConfigException>(() => DeploymentLoader.Load(Config("""
            metrics:
              mode: v3
              url: http://influx:8086
              passwordEnv: MONITOR_TEST_SURELY_UNSET_VARIABLE
              databse: monitor
            """)));
        var keys = e.Errors.Select(x => x.Key).ToList();
        Assert.Contains("metrics.mode", keys);
        Assert.Contains("metrics.passwordEnv", keys);
        Assert.Contains("metrics.databse", keys);
        Assert.Contains(e.Errors, x => x.Message.Contains("MONITOR_TEST_SURELY_UNSET_VARIABLE", StringComparison.Ordinal));
    }

    public void Dispose() => folder.Dispose();
}
