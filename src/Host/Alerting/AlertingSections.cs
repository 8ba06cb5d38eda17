using System.Globalization;
using Monitor.Alerting;
using Monitor.Alerting.Channels;
using Monitor.Alerting.Policy;
using Monitor.Host.Configuration;
using Monitor.Host.Logging;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Alerting;

/// <summary>The SMS provider read from <c>alerting.sms</c>: at most one of the two options is set.</summary>
internal readonly record struct SmsSection(HttpSmsGatewayOptions? Gateway, AliyunSmsOptions? Aliyun, IReadOnlyList<Secret>? Secrets);

/// <summary>
/// Strict readers for the newer parts of the alerting configuration: <c>alerting.policy</c>, <c>alerting.sms</c> and the
/// deployment's <c>silences.yaml</c>. Every problem is reported with file, line and key; unknown keys are errors.
/// </summary>
internal static class AlertingSections
{
    private static readonly Dictionary<string, ChannelKind> Channels = new(StringComparer.Ordinal)
    {
        ["email"] = ChannelKind.Email,
        ["sms"] = ChannelKind.Sms,
        ["dingTalk"] = ChannelKind.DingTalk,
        ["weCom"] = ChannelKind.WeCom,
    };

    private static readonly Dictionary<string, SmsProvider> Providers = new(StringComparer.Ordinal)
    {
        ["gateway"] = SmsProvider.Gateway,
        ["aliyun"] = SmsProvider.Aliyun,
    };

    private static readonly Dictionary<string, bool> Methods = new(StringComparer.Ordinal)
    {
        ["GET"] = false,
        ["POST"] = true,
    };

    private enum SmsProvider
    {
        Gateway,
        Aliyun,
    }

    /// <summary>Finding kinds as written in findings.json, e.g. <c>missing-item</c>, <c>stale-column</c>.</summary>
    private static readonly Dictionary<string, FindingKind> Kinds = Enum.GetValues<FindingKind>()
        .ToDictionary(k => k.ToWire(), k => k, StringComparer.Ordinal);

    /// <summary>
    /// <c>alerting.policy:</c> — earlyWarningWorkingDays, escalationWorkingDays, repeatIntervalWorkingDays, digestTime (HH:mm),
    /// digestChannels (email / sms / dingTalk / weCom), smsWindow (<c>08:00-20:00</c>, or <c>none</c> for any hour), smsDailyBudget.
    /// </summary>
    public static AlertPolicyOptions ReadPolicy(YamlMapping p)
    {
        var options = new AlertPolicyOptions();
        options.EarlyWarningWorkingDays = p.Int("earlyWarningWorkingDays", 0, 30) ?? options.EarlyWarningWorkingDays;
        options.EscalationWorkingDays = p.Int("escalationWorkingDays", 1, 30) ?? options.EscalationWorkingDays;
        options.RepeatIntervalWorkingDays = p.Int("repeatIntervalWorkingDays", 1, 30) ?? options.RepeatIntervalWorkingDays;
        options.SmsDailyBudgetPerRecipient = p.Int("smsDailyBudget", 0, 1000) ?? options.SmsDailyBudgetPerRecipient;
        if (p.String("digestTime") is { } digest)
        {
            if (TimeOnly.TryParseExact(digest, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                options.DigestTime = at;
            }
            else
            {
                p.AddError("digestTime", $"应为 HH:mm 格式的时间（上海时间），实际为“{digest}”");
            }
        }

        if (p.Strings("digestChannels") is { Count: > 0 } names)
        {
            var channels = new List<ChannelKind>();
            foreach (var name in names)
            {
                if (Channels.TryGetValue(name, out var kind))
                {
                    channels.Add(kind);
                }
                else
                {
                    p.AddError("digestChannels", $"渠道“{name}”无效，应为 {string.Join(" / ", Channels.Keys)} 之一");
                }
            }

            options.DigestChannels = [.. channels.Distinct()];
        }

        if (p.String("smsWindow") is { } window)
        {
            var windows = new Dictionary<ChannelKind, SendingWindow>(options.SendingWindows);
            if (window == "none")
            {
                windows.Remove(ChannelKind.Sms);
            }
            else if (ParseWindow(window) is { } parsed)
            {
                windows[ChannelKind.Sms] = parsed;
            }
            else
            {
                p.AddError("smsWindow", $"应为 HH:mm-HH:mm（上海时间，开始早于结束）或 none，实际为“{window}”");
            }

            options.SendingWindows = windows;
        }

        // The readers above already bound each number; this catches whatever the options themselves forbid beyond that.
        foreach (var problem in options.Validate())
        {
            p.AddError(KeyOf(problem), problem);
        }

        p.RejectUnknownKeys();
        return options;
    }

    /// <summary>
    /// <c>alerting.sms:</c> — <c>provider: gateway</c> with urlTemplate, method, bodyTemplate, contentType, headers (list of
    /// name/value), secretHeaders (list of name/env), successField, successValue, successPattern, providerIdField, timeout;
    /// or <c>provider: aliyun</c> with endpoint, accessKeyId, accessKeySecretEnv, signName, templateCode, textParameter,
    /// regionId, timeout. Secrets are read from the named environment variables, which must be set.
    /// </summary>
    public static SmsSection ReadSms(YamlMapping s)
    {
        var provider = s.Enum("provider", Providers, required: true);
        var secrets = new List<Secret>();
        SmsSection section = default;
        if (provider == SmsProvider.Gateway)
        {
            var defaults = new HttpSmsGatewayOptions();
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in s.Mappings("headers"))
            {
                if (h.String("name", required: true) is { } name && h.String("value", required: true) is { } value && !headers.TryAdd(name, value))
                {
                    h.AddError("name", $"请求头 {name} 重复");
                }

                h.RejectUnknownKeys();
            }

            var secretHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in s.Mappings("secretHeaders"))
            {
                var name = h.String("name", required: true);
                var env = h.String("env", required: true);
                if (env is not null && Environment(h, "env", env) is { } secret)
                {
                    secrets.Add(secret);
                }

                if (name is not null && env is not null && (headers.ContainsKey(name) || !secretHeaders.TryAdd(name, env)))
                {
                    h.AddError("name", $"请求头 {name} 重复");
                }

                h.RejectUnknownKeys();
            }

            var gateway = new HttpSmsGatewayOptions
            {
                UrlTemplate = s.String("urlTemplate", required: true) ?? "",
                Method = s.Enum("method", Methods) is { } post ? (post ? "POST" : "GET") : defaults.Method,
                BodyTemplate = s.String("bodyTemplate"),
                ContentType = s.String("contentType") ?? defaults.ContentType,
                Headers = headers,
                SecretHeaders = secretHeaders,
                SuccessField = s.String("successField"),
                SuccessValue = s.String("successValue") ?? defaults.SuccessValue,
                SuccessPattern = s.String("successPattern"),
                ProviderIdField = s.String("providerIdField"),
                Timeout = s.Duration("timeout") ?? defaults.Timeout,
            };
            foreach (var problem in gateway.Validate())
            {
                s.AddError(KeyOf(problem), problem);
            }

            section = new SmsSection(gateway, null, secrets);
        }
        else if (provider == SmsProvider.Aliyun)
        {
            var defaults = new AliyunSmsOptions();
            var secretEnv = s.String("accessKeySecretEnv") ?? defaults.AccessKeySecretVariable;
            if (Environment(s, "accessKeySecretEnv", secretEnv) is { } secret)
            {
                secrets.Add(secret);
            }

            var aliyun = new AliyunSmsOptions
            {
                Endpoint = s.String("endpoint") ?? defaults.Endpoint,
                AccessKeyId = s.String("accessKeyId", required: true) ?? "",
                AccessKeySecretVariable = secretEnv,
                SignName = s.String("signName", required: true) ?? "",
                TemplateCode = s.String("templateCode", required: true) ?? "",
                TextParameter = s.String("textParameter") ?? defaults.TextParameter,
                RegionId = s.String("regionId") ?? defaults.RegionId,
                Timeout = s.Duration("timeout") ?? defaults.Timeout,
            };
            foreach (var problem in aliyun.Validate())
            {
                s.AddError(KeyOf(problem), problem);
            }

            section = new SmsSection(null, aliyun, secrets);
        }

        // Keys of the other provider are not consumed above, so they are reported as unknown here.
        s.RejectUnknownKeys();
        return section;
    }

    /// <summary>
    /// The deployment's <c>silences.yaml</c> (optional): <c>silences:</c> list of {source?, department?, kind?, reason, author,
    /// expires}. <c>expires</c> is a date (the silence holds through that day, Asia/Shanghai) or a date-time with offset.
    /// At least one of source, department and kind must be set.
    /// </summary>
    public static IReadOnlyList<AlertSilence> ReadSilences(string fullPath, string displayName, List<ConfigError> errors)
    {
        if (!File.Exists(fullPath))
        {
            return [];
        }

        var file = YamlMapping.LoadFile(fullPath, displayName, errors);
        if (file is null)
        {
            return [];
        }

        var silences = new List<AlertSilence>();
        foreach (var m in file.Mappings("silences"))
        {
            var source = m.String("source");
            var department = m.String("department");
            var kind = m.Enum("kind", Kinds);
            var reason = m.String("reason", required: true);
            var author = m.String("author", required: true);
            var expires = m.String("expires", required: true) is { } text ? Expiry(m, text) : null;
            if (source is null && department is null && kind is null)
            {
                m.AddError("source", "静默至少要指定 source、department、kind 之一");
            }

            m.RejectUnknownKeys();
            if (reason is not null && author is not null && expires is { } at && (source ?? department ?? (object?)kind) is not null)
            {
                silences.Add(new AlertSilence(reason, author, at, source, department, kind));
            }
        }

        file.RejectUnknownKeys();
        return silences;
    }

    private static DateTimeOffset? Expiry(YamlMapping m, string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return ChinaTime.StartOf(date.AddDays(1));
        }

        // A time without offset would be read in the server's zone; demand the offset so the expiry means the same everywhere.
        if (text.Contains('T', StringComparison.Ordinal) && (text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.Ordinal))
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return at;
        }

        m.AddError("expires", $"应为日期（yyyy-MM-dd，当天结束时到期）或带时区的时间（如 2026-12-15T18:00+08:00），实际为“{text}”");
        return null;
    }

    /// <summary>
    /// SendingWindow parsed from <c>HH:mm-HH:mm</c>; null when malformed or when it does not open before it closes.
    /// </summary>
    private static SendingWindow? ParseWindow(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var opens)
            && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var closes)
            && opens < closes
            ? new SendingWindow(opens, closes)
            : null;
    }

    /// <summary>Reads a secret from the environment variable <paramref name="name"/>; unset or empty is an error on <paramref name="key"/>.</summary>
    private static Secret? Environment(YamlMapping m, string key, string name)
    {
        var value = System.Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value))
        {
            m.AddError(key, $"环境变量 {name} 未设置或为空");
            return null;
        }

        return new Secret(value);
    }

    /// <summary>
    /// The YAML key an options problem is about: the options name their property (e.g. <c>UrlTemplate</c>), the YAML key is its
    /// camelCase; option names that differ in YAML are mapped explicitly.
    /// </summary>
    private static string KeyOf(string problem)
    {
        (string Property, string Key)[] keys =
        [
            ("SmsDailyBudgetPerRecipient", "smsDailyBudget"), ("SendingWindows", "smsWindow"), ("AccessKeySecretVariable", "accessKeySecretEnv"),
            ("EarlyWarningWorkingDays", "earlyWarningWorkingDays"), ("EscalationWorkingDays", "escalationWorkingDays"),
            ("RepeatIntervalWorkingDays", "repeatIntervalWorkingDays"), ("DigestChannels", "digestChannels"),
            ("UrlTemplate", "urlTemplate"), ("BodyTemplate", "bodyTemplate"), ("SuccessPattern", "successPattern"), ("Method", "method"),
            ("AccessKeyId", "accessKeyId"), ("SignName", "signName"), ("TemplateCode", "templateCode"), ("TextParameter", "textParameter"),
            ("Endpoint", "endpoint"), ("Timeout", "timeout"),
        ];
        return keys.FirstOrDefault(k => problem.Contains(k.Property, StringComparison.Ordinal)).Key ?? "(options)";
    }
}
