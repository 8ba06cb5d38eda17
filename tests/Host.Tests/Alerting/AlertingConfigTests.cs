using Monitor.Alerting.Channels;
using Monitor.Host.Configuration;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Alerting;

/// <summary>The alerting: section of deployment.yaml binds every key or fails with the key named; the SMTP password comes from the environment.</summary>
public sealed class AlertingConfigTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Every_key_of_the_alerting_section_binds_and_the_sender_comes_from_the_mail_section()
    {
        var variable = "MONITOR_TEST_SMTP_PASSWORD_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "pw-123");
        var deployment = DeploymentLoader.Load(AlertingTestConfig.Write(folder.Path, $"""
            alerting:
              lease: 2m
              retryBase: 30s
              retryCap: 10m
              maxAttempts: 5
              smtp:
                host: mail.example.com
                security: ssl
                username: monitor
                passwordEnv: {variable}
                timeout: 20s
              dingTalk:
                secretEnv: {variable}
                timeout: 3s
              weCom:
                timeout: 4s
            """));

        var a = deployment.Alerting;
        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), 5),
            (a.Dispatch.Lease, a.Dispatch.RetryBase, a.Dispatch.RetryCap, a.Dispatch.MaxAttempts));
        var e = a.Email!;
        Assert.Equal(("mail.example.com", 465, SmtpSecurity.SslOnConnect, "monitor", variable, TimeSpan.FromSeconds(20), "政务公开监测平台", "monitor@example.com"),
            (e.Host, e.Port, e.Security, e.UserName, e.PasswordVariable, e.Timeout, e.FromName, e.FromAddress));
        Assert.Equal((variable, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4)), (a.DingTalk!.SecretVariable, a.DingTalk.Timeout, a.WeCom!.Timeout));
        Assert.Contains(deployment.Secrets, s => s is not null && s.Reveal() == "pw-123");
        Assert.DoesNotContain("pw-123", deployment.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_alerting_section_the_defaults_apply_and_no_mail_channel_is_configured()
    {
        var a = DeploymentLoader.Load(AlertingTestConfig.Write(folder.Path, "")).Alerting;

        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), 12),
            (a.Dispatch.Lease, a.Dispatch.RetryBase, a.Dispatch.RetryCap, a.Dispatch.MaxAttempts));
        Assert.Null(a.Email);
        Assert.Null(a.DingTalk);
        Assert.Null(a.WeCom);
    }

    [Theory]
    [InlineData("alerting:\n  leese: 2m\n", "leese")]
    [InlineData("alerting:\n  smtp:\n    host: h\n    secure: ssl\n", "secure")]
    [InlineData("alerting:\n  smtp:\n    host: h\n    security: tls\n", "security")]
    [InlineData("alerting:\n  smtp:\n    port: 25\n", "host")]
    [InlineData("alerting:\n  smtp:\n    host: h\n    username: u\n", "passwordEnv")]
    [InlineData("alerting:\n  smtp:\n    host: h\n    username: u\n    passwordEnv: MONITOR_TEST_SURELY_UNSET_VARIABLE\n", "passwordEnv")]
    [InlineData("alerting:\n  retryBase: 2h\n  retryCap: 1h\n", "retryCap")]
    [InlineData("alerting:\n  dingTalk:\n    secretEnv: MONITOR_TEST_SURELY_UNSET_VARIABLE\n", "secretEnv")]
    [InlineData("alerting:\n  weCom:\n    key: abc\n", "key")]
    [InlineData("alerting:\n  lease: 20s\n  smtp:\n    host: h\n    timeout: 30s\n", "lease")]
    public void A_wrong_key_or_value_in_the_alerting_section_is_an_error_naming_the_key(string yaml, string key)
    {
        var e = Assert.Throws<ConfigException>(() => DeploymentLoader.Load(AlertingTestConfig.Write(folder.Path, yaml)));

        Assert.Contains(e.Errors, x => x.Key.EndsWith(key, StringComparison.Ordinal));
    }
}

/// <summary>The sample config copied into a folder, with extra deployment.yaml text and optionally another sender address.</summary>
internal static class AlertingTestConfig
{
    public static string Write(string folder, string extra, string? fromAddress = null)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(RepoPaths.SampleConfig, "*.yaml"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }

        var deployment = Path.Combine(folder, "deployment.yaml");
        var text = File.ReadAllText(deployment);
        if (fromAddress is not null)
        {
            text = text.Replace("fromAddress: monitor@example.com", "fromAddress: " + fromAddress, StringComparison.Ordinal);
        }

        File.WriteAllText(deployment, text + "\n" + extra);
        return folder;
    }
}
