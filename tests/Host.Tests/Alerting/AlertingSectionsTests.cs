using Monitor.Alerting;
using Monitor.Alerting.Policy;
using Monitor.Host.Configuration;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Tests.Alerting;

/// <summary>alerting.policy and alerting.sms bind strictly; silences.yaml loads strictly and is optional.</summary>
public sealed class AlertingSectionsTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Every_key_of_the_policy_section_binds_onto_the_policy_options()
    {
        var policy = DeploymentLoader.Load(AlertingTestConfig.Write(folder.Path, """
            alerting:
              policy:
                earlyWarningWorkingDays: 5
                escalationWorkingDays: 3
                repeatIntervalWorkingDays: 2
                digestTime: "09:15"
                digestChannels: [email, weCom]
                smsWindow: "07:30-21:00"
                smsDailyBudget: 4
            """)).Alerting.Policy;

        Assert.Equal((5, 3, 2, new TimeOnly(9, 15), 4),
            (policy.EarlyWarningWorkingDays, policy.EscalationWorkingDays, policy.RepeatIntervalWorkingDays, policy.DigestTime, policy.SmsDailyBudgetPerRecipient));
        Assert.Equal([ChannelKind.Email, ChannelKind.WeCom], policy.DigestChannels);
        Assert.Equal(new SendingWindow(new TimeOnly(7, 30), new TimeOnly(21, 0)), policy.SendingWindows[ChannelKind.Sms]);
    }

    [Fact]
    public void Sms_window_none_lets_sms_go_out_at_any_hour_and_without_a_policy_section_the_defaults_apply()
    {
        var none = DeploymentLoader.Load(AlertingTestConfig.Write(Path.Combine(folder.Path, "a"), "alerting:\n  policy:\n    smsWindow: none\n")).Alerting.Policy;
        var defaults = DeploymentLoader.Load(AlertingTestConfig.Write(Path.Combine(folder.Path, "b"), "")).Alerting.Policy;

        Assert.False(none.SendingWindows.ContainsKey(ChannelKind.Sms));
        Assert.Equal((3, 2, 1, 10), (defaults.EarlyWarningWorkingDays, defaults.EscalationWorkingDays, defaults.RepeatIntervalWorkingDays, defaults.SmsDailyBudgetPerRecipient));
        Assert.Equal(new SendingWindow(new TimeOnly(8, 0), new TimeOnly(20, 0)), defaults.SendingWindows[ChannelKind.Sms]);
    }

    [Theory]
    [InlineData("alerting:\n  policy:\n    earlyWarningDays: 3\n", "alerting.policy.earlyWarningDays")]
    [InlineData("alerting:\n  policy:\n    escalationWorkingDays: 0\n", "alerting.policy.escalationWorkingDays")]
    [InlineData("alerting:\n  policy:\n    digestTime: 8点半\n", "alerting.policy.digestTime")]
    [InlineData("alerting:\n  policy:\n    digestChannels: [email, fax]\n", "alerting.policy.digestChannels")]
    [InlineData("alerting:\n  policy:\n    smsWindow: \"20:00-08:00\"\n", "alerting.policy.smsWindow")]
    [InlineData("alerting:\n  policy:\n    smsDailyBudget: -1\n", "alerting.policy.smsDailyBudget")]
    [InlineData("alerting:\n  sms:\n    urlTemplate: http://127.0.0.1/send?to={mobile}&text={text}\n", "alerting.sms.provider")]
    [InlineData("alerting:\n  sms:\n    provider: twilio\n", "alerting.sms.provider")]
    [InlineData("alerting:\n  sms:\n    provider: gateway\n    urlTemplate: http://127.0.0.1/send?to={mobile}\n", "alerting.sms.urlTemplate")]
    [InlineData("alerting:\n  sms:\n    provider: gateway\n    urlTemplate: http://127.0.0.1/?m={mobile}&t={text}\n    signName: x\n", "alerting.sms.signName")]
    [InlineData("alerting:\n  sms:\n    provider: gateway\n    urlTemplate: http://127.0.0.1/?m={mobile}&t={text}\n    secretHeaders:\n      - name: Authorization\n        env: MONITOR_TEST_SURELY_UNSET_VARIABLE\n", "alerting.sms.secretHeaders[0].env")]
    [InlineData("alerting:\n  sms:\n    provider: aliyun\n    signName: 义乌政务公开\n    templateCode: SMS_1\n    accessKeySecretEnv: MONITOR_TEST_SURELY_UNSET_VARIABLE\n", "alerting.sms.accessKeyId")]
    [InlineData("alerting:\n  sms:\n    provider: aliyun\n    accessKeyId: id\n    signName: s\n    templateCode: SMS_1\n    accessKeySecretEnv: MONITOR_TEST_SURELY_UNSET_VARIABLE\n", "alerting.sms.accessKeySecretEnv")]
    public void A_wrong_policy_or_sms_key_or_value_is_an_error_naming_the_file_and_key(string yaml, string key)
    {
        var e = Assert.Throws<ConfigException>(() => DeploymentLoader.Load(AlertingTestConfig.Write(folder.Path, yaml)));

        Assert.Contains(e.Errors, x => x.Key == key && x.File.EndsWith("deployment.yaml", StringComparison.Ordinal) && x.Line > 0);
    }

    [Fact]
    public void A_gateway_sms_section_binds_its_templates_and_headers_and_keeps_the_secret_header_value_for_masking_only()
    {
        var variable = "MONITOR_TEST_SMS_TOKEN_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "token-456");
        var deployment = DeploymentLoader.Load(AlertingTestConfig.Write(folder.Path, $$"""
            alerting:
              sms:
                provider: gateway
                urlTemplate: http://127.0.0.1:9/sms
                bodyTemplate: '{"to":"{mobile}","text":"{text}","id":"{messageId}"}'
                headers:
                  - name: X-App
                    value: monitor
                secretHeaders:
                  - name: Authorization
                    env: {{variable}}
                successField: code
                successValue: "OK"
                providerIdField: data.id
                timeout: 5s
            """));

        var g = deployment.Alerting.SmsGateway!;
        Assert.Null(deployment.Alerting.AliyunSms);
        Assert.Equal(("http://127.0.0.1:9/sms", "POST", "application/json", "code", "OK", "data.id", TimeSpan.FromSeconds(5)),
            (g.UrlTemplate, g.Method, g.ContentType, g.SuccessField, g.SuccessValue, g.ProviderIdField, g.Timeout));
        Assert.Equal("monitor", g.Headers["X-App"]);
        Assert.Equal(variable, g.SecretHeaders["Authorization"]);
        Assert.Contains(deployment.Secrets, s => s is not null && s.Reveal() == "token-456");
        Assert.DoesNotContain("token-456", deployment.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_aliyun_sms_section_binds_onto_the_aliyun_options()
    {
        var variable = "MONITOR_TEST_ALIYUN_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "secret-789");
        var a = DeploymentLoader.Load(AlertingTestConfig.Write(folder.Path, $"""
            alerting:
              sms:
                provider: aliyun
                endpoint: http://127.0.0.1:9/
                accessKeyId: LTAI-sample
                accessKeySecretEnv: {variable}
                signName: 义乌政务公开
                templateCode: SMS_123456789
                textParameter: text
                regionId: cn-shanghai
            """)).Alerting;

        var o = a.AliyunSms!;
        Assert.Null(a.SmsGateway);
        Assert.Equal(("http://127.0.0.1:9/", "LTAI-sample", variable, "义乌政务公开", "SMS_123456789", "text", "cn-shanghai"),
            (o.Endpoint, o.AccessKeyId, o.AccessKeySecretVariable, o.SignName, o.TemplateCode, o.TextParameter, o.RegionId));
    }

    [Fact]
    public void Silences_yaml_is_optional_and_loads_each_silence_with_a_date_expiry_holding_through_that_day()
    {
        var bare = AlertingTestConfig.Write(Path.Combine(folder.Path, "a"), "");
        File.Delete(Path.Combine(bare, "silences.yaml"));
        var without = DeploymentLoader.Load(bare).Alerting.Silences;
        var config = AlertingTestConfig.Write(Path.Combine(folder.Path, "b"), "");
        File.Copy(Fixture("silences.yaml"), Path.Combine(config, "silences.yaml"), overwrite: true);

        var silences = DeploymentLoader.Load(config).Alerting.Silences;

        Assert.Empty(without);
        Assert.Equal(2, silences.Count);
        Assert.Equal(("jyj", null, null, "网站改版停机维护", "市府办政务公开科", new DateTimeOffset(2026, 12, 16, 0, 0, 0, TimeSpan.FromHours(8))),
            (silences[0].DepartmentId, silences[0].SourceId, silences[0].Kind, silences[0].Reason, silences[0].Author, silences[0].ExpiresAt));
        Assert.Equal((FindingKind.StaleColumn, new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.FromHours(8))), (silences[1].Kind, silences[1].ExpiresAt));
    }

    [Theory]
    [InlineData("silences:\n  - department: jyj\n    reason: 维护\n    expires: 2026-12-15\n", 2, "silences[0].author")]
    [InlineData("silences:\n  - department: jyj\n    reason: 维护\n    author: 市府办\n    expires: 2026-12-15 18:00\n", 2, "silences[0].expires")]
    [InlineData("silences:\n  - reason: 维护\n    author: 市府办\n    expires: 2026-12-15\n", 2, "silences[0].source")]
    [InlineData("silences:\n  - kind: stale\n    reason: 维护\n    author: 市府办\n    expires: 2026-12-15\n", 2, "silences[0].kind")]
    [InlineData("silences:\n  - department: jyj\n    reason: 维护\n    author: 市府办\n    expires: 2026-12-15\n    until: 2026-12-20\n", 6, "silences[0].until")]
    public void A_wrong_silence_is_an_error_naming_silences_yaml_the_line_and_the_key(string yaml, int line, string key)
    {
        var config = AlertingTestConfig.Write(folder.Path, "");
        File.WriteAllText(Path.Combine(config, "silences.yaml"), yaml);

        var e = Assert.Throws<ConfigException>(() => DeploymentLoader.Load(config));

        Assert.Contains(e.Errors, x => x.Key == key && x.File.EndsWith("silences.yaml", StringComparison.Ordinal) && x.Line == line);
    }

    [Fact]
    public void The_sample_deployments_commented_alerting_section_loads_when_uncommented()
    {
        foreach (var name in new[] { "MONITOR_SMTP_PASSWORD", "MONITOR_DINGTALK_SECRET", "MONITOR_SMS_TOKEN" })
        {
            Environment.SetEnvironmentVariable(name, Environment.GetEnvironmentVariable(name) ?? "sample-secret");
        }

        var lines = File.ReadAllLines(Path.Combine(RepoPaths.SampleConfig, "deployment.yaml"));
        var start = Array.IndexOf(lines, "# alerting:");
        var end = Array.FindIndex(lines, start, l => l.StartsWith("# Silences live", StringComparison.Ordinal));
        Assert.True(start >= 0 && end > start);
        var section = string.Join("\n", lines[start..end].Select(l => l.Length > 2 ? l[2..] : ""));

        var a = DeploymentLoader.Load(AlertingTestConfig.Write(folder.Path, section)).Alerting;

        Assert.NotNull(a.Email);
        Assert.Equal("https://sms.example.com/send", a.SmsGateway!.UrlTemplate);
        Assert.Equal(new SendingWindow(new TimeOnly(8, 0), new TimeOnly(20, 0)), a.Policy.SendingWindows[ChannelKind.Sms]);
    }

    private static string Fixture(string name) => Path.Combine(RepoPaths.Root, "tests", "Host.Tests", "Alerting", "Fixtures", name);
}
