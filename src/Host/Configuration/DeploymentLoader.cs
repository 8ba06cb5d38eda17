using System.Globalization;
using Monitor.Alerting.Channels;
using Monitor.Alerting.Policy;
using Monitor.Host.Alerting;
using Monitor.Host.Logging;
using Monitor.Host.Metrics;
using Monitor.RuleEngine.Evaluation;
using Serilog.Events;

namespace Monitor.Host.Configuration;

/// <summary>
/// Loads <c>deployment.yaml</c>, <c>sources.yaml</c> and <c>departments.yaml</c> from a config folder.
/// Every problem is collected with file, line and key; unknown keys are errors, never ignored.
/// </summary>
internal static class DeploymentLoader
{
    // An account mirror is observed as an account, not as a column; its SourceKind is only a placeholder.
    private static readonly Dictionary<string, (SourceKind Kind, SourceChannel Channel)> SourceTypes = new(StringComparer.Ordinal)
    {
        ["column"] = (SourceKind.Column, SourceChannel.Page),
        ["homepage"] = (SourceKind.Homepage, SourceChannel.Page),
        ["wechat-feed"] = (SourceKind.Column, SourceChannel.WeChatFeed),
        ["wechat-list"] = (SourceKind.Column, SourceChannel.WeChatList),
    };

    private static readonly Dictionary<string, Monitor.Crawler.RenderMode> RenderModes = new(StringComparer.Ordinal)
    {
        ["auto"] = Monitor.Crawler.RenderMode.Auto,
        ["static"] = Monitor.Crawler.RenderMode.Static,
        ["browser"] = Monitor.Crawler.RenderMode.Browser,
    };

    private static readonly Dictionary<string, DepartmentKind> DepartmentKinds = new(StringComparer.Ordinal)
    {
        ["department"] = DepartmentKind.Department,
        ["town"] = DepartmentKind.Town,
        ["office"] = DepartmentKind.Office,
    };

    public static Deployment Load(string directory)
    {
        var errors = new List<ConfigError>();
        var deployment = Read(directory, errors);
        if (errors.Count > 0 || deployment is null)
        {
            throw new ConfigException(errors);
        }

        return deployment;
    }

    private static Deployment? Read(string directory, List<ConfigError> errors)
    {
        string Display(string name) => Path.Combine(directory, name);

        var root = YamlMapping.LoadFile(Path.Combine(directory, "deployment.yaml"), Display("deployment.yaml"), errors);
        SiteConfig? site = null;
        var crawler = new CrawlerConfig(null, null, null, null, null, [], null);
        var mail = new MailConfig("政务公开监测平台", "monitor@example.com", null);
        MetricsOptions? metrics = null;
        var logging = LoggingOptions.Default;
        var alerting = new AlertingConfig();
        var serve = new Monitor.Host.Service.ServeConfig();
        var api = new Monitor.Host.Api.ApiOptions();
        var store = new Monitor.Host.Store.StoreConfig();
        if (root is not null)
        {
            site = ReadSite(root.Mapping("site", required: true));
            if (root.Mapping("crawler") is { } c)
            {
                crawler = new CrawlerConfig(
                    c.Duration("requestTimeout"),
                    c.Int("perHostConcurrency", 1, 64),
                    c.Duration("perHostMinDelay"),
                    c.Int("maxResponseBytes", 1024, 1 << 30),
                    c.Int("maxListPages", 1, 100_000),
                    c.Strings("allowedHosts"),
                    c.String("userAgent"))
                {
                    BrowserPath = NonEmpty(c, "browserPath"),
                    BrowserPages = c.Int("browserPages", 1, 32),
                    BrowserTimeout = PositiveDuration(c, "browserTimeout"),
                    MaxRetries = c.Int("maxRetries", 0, 10),
                    RetryBaseDelay = c.Duration("retryBaseDelay"),
                    MaxRetryAfter = c.Duration("maxRetryAfter"),
                    CircuitBreakerFailures = c.Int("circuitBreakerFailures", 1, 1000),
                    CircuitBreakerCooldown = PositiveDuration(c, "circuitBreakerCooldown"),
                    AllowPrivateAddresses = c.Bool("allowPrivateAddresses"),
                    CheckExternalLinks = c.Bool("checkExternalLinks"),
                    RecheckAfter = c.Duration("recheckAfter"),
                    IncrementalWindow = c.Duration("incrementalWindow"),
                    MaxArticlesPerSource = c.Int("maxArticlesPerSource", 1, 1_000_000),
                };
                c.RejectUnknownKeys();
            }

            if (root.Mapping("mail") is { } m)
            {
                mail = new MailConfig(
                    m.String("fromName") ?? mail.FromName,
                    m.String("fromAddress") ?? mail.FromAddress,
                    m.String("reportUrl"));
                m.RejectUnknownKeys();
            }

            metrics = root.Mapping("metrics") is { } mx ? ReadMetrics(mx) : null;
            logging = root.Mapping("logging") is { } lg ? ReadLogging(lg) : logging;
            var alertingSection = root.Mapping("alerting");
            alerting = alertingSection is { } al ? ReadAlerting(al, mail) : alerting;
            serve = ReadServe(root.Mapping("serve"), alertingSection is not null);
            api = root.Mapping("api") is { } ap ? ReadApi(ap) : api;
            store = root.Mapping("store") is { } st ? ReadStore(st) : store;
            if (!store.IsShared && serve.InstanceId is not null)
            {
                root.Mapping("serve")!.AddError("instanceId", "只有多节点部署（store.postgres）才需要节点名");
            }
            alerting = alerting with { Silences = AlertingSections.ReadSilences(Path.Combine(directory, "silences.yaml"), Display("silences.yaml"), errors) };
            root.RejectUnknownKeys();
        }

        var departmentsFile = YamlMapping.LoadFile(Path.Combine(directory, "departments.yaml"), Display("departments.yaml"), errors);
        var departments = new List<DepartmentConfig>();
        string supervision = "";
        if (departmentsFile is not null)
        {
            supervision = departmentsFile.String("supervisionOffice", required: true) ?? "";
            foreach (var d in departmentsFile.Mappings("departments", required: true))
            {
                var id = d.String("id", required: true);
                var name = d.String("name", required: true);
                var kind = d.Enum("kind", DepartmentKinds, required: true);
                var subjects = d.Strings("subjects");
                var contacts = d.Mappings("contacts").Select(ReadContact).OfType<ContactConfig>().ToList();
                var leader = d.Mapping("leader") is { } l ? ReadContact(l) : null;
                if (id is not null && departments.Any(x => x.Id == id))
                {
                    d.AddError("id", $"部门编号 {id} 重复");
                }

                d.RejectUnknownKeys();
                if (id is not null && name is not null && kind is not null)
                {
                    departments.Add(new DepartmentConfig(id, name, kind.Value, subjects, contacts, leader));
                }
            }

            departmentsFile.RejectUnknownKeys();
            if (supervision.Length > 0 && departments.Count > 0 && departments.All(d => d.Id != supervision))
            {
                departmentsFile.AddError("supervisionOffice", $"未在 departments 中找到 {supervision}");
            }
        }

        var sourcesFile = YamlMapping.LoadFile(Path.Combine(directory, "sources.yaml"), Display("sources.yaml"), errors);
        var sources = new List<SourceConfig>();
        if (sourcesFile is not null && site is not null)
        {
            foreach (var s in sourcesFile.Mappings("sources", required: true))
            {
                var source = ReadSource(s, site, departments);
                s.RejectUnknownKeys();
                if (source is null)
                {
                    continue;
                }

                if (sources.Any(x => x.Id == source.Id))
                {
                    s.AddError("id", $"来源编号 {source.Id} 重复");
                    continue;
                }

                sources.Add(source);
            }

            sourcesFile.RejectUnknownKeys();
        }

        return site is null ? null : new Deployment(directory, site, crawler, mail, sources, departments, supervision) { Metrics = metrics, Logging = logging, Alerting = alerting, Serve = serve, Api = api, Store = store };
    }

    private static SiteConfig? ReadSite(YamlMapping? s)
    {
        if (s is null)
        {
            return null;
        }

        var id = s.String("id", required: true);
        var name = s.String("name", required: true);
        var baseUrl = s.String("baseUrl", required: true);
        Uri? uri = null;
        if (baseUrl is not null && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out uri) || (uri.Scheme != "http" && uri.Scheme != "https")))
        {
            s.AddError("baseUrl", "应为 http 或 https 的绝对地址");
            uri = null;
        }

        s.RejectUnknownKeys();
        return id is null || name is null || uri is null ? null : new SiteConfig(id, name, uri);
    }

    private static ContactConfig? ReadContact(YamlMapping c)
    {
        var name = c.String("name", required: true);
        var email = c.String("email");
        var mobile = c.String("mobile");
        var webhook = c.String("webhook");
        if (email is not null && !email.Contains('@', StringComparison.Ordinal))
        {
            c.AddError("email", "邮箱地址格式不正确");
        }

        c.RejectUnknownKeys();
        return name is null ? null : new ContactConfig(name, email, mobile, webhook);
    }

    private static SourceConfig? ReadSource(YamlMapping s, SiteConfig site, List<DepartmentConfig> departments)
    {
        var id = s.String("id", required: true);
        var name = s.String("name", required: true);
        var url = s.String("url", required: true);
        var type = s.Enum("type", SourceTypes, required: true);
        var kind = type?.Kind;
        var channel = type?.Channel ?? SourceChannel.Page;
        var isAccount = channel != SourceChannel.Page;
        // Accounts have no column type (their freshness rule is the account's); a column must say which it is.
        var columnType = isAccount ? s.String("columnType") ?? "新媒体" : s.String("columnType", required: true);
        var render = s.Enum("render", RenderModes);
        if (render is not null && channel == SourceChannel.WeChatFeed)
        {
            s.AddError("render", "订阅源（wechat-feed）不经浏览器渲染，请删除此项");
        }

        var platform = s.String("platform");
        if (platform is not null && !isAccount)
        {
            s.AddError("platform", "仅适用于 wechat-feed / wechat-list 来源");
        }

        var schedule = s.String("schedule");
        if (schedule is not null && !ScheduleIsValid(schedule))
        {
            s.AddError("schedule", $"不是有效的 Quartz cron 表达式：{schedule}（例如 \"0 0 8 * * ?\" 表示每天 8 点）");
        }

        var department = s.String("department", required: true);
        var items = s.Strings("items");
        var areas = s.Strings("areas");
        var cutOffText = s.String("cutOff");
        DateOnly? cutOff = null;
        if (cutOffText is not null)
        {
            if (DateOnly.TryParseExact(cutOffText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                cutOff = d;
            }
            else
            {
                s.AddError("cutOff", "日期格式应为 yyyy-MM-dd");
            }
        }

        Uri? resolved = null;
        if (url is not null && !Uri.TryCreate(site.BaseUrl, url, out resolved))
        {
            s.AddError("url", "无法解析的地址");
        }

        if (department is not null && departments.Count > 0 && departments.All(d => d.Id != department))
        {
            s.AddError("department", $"未在 departments.yaml 中找到部门 {department}");
        }

        if (id is null || name is null || url is null || resolved is null || kind is null || columnType is null || department is null)
        {
            return null;
        }

        return new SourceConfig(id, name, url, resolved, kind.Value, columnType, department, items, areas, cutOff)
        {
            Channel = channel,
            Render = render ?? Monitor.Crawler.RenderMode.Auto,
            Schedule = schedule,
            Platform = platform ?? "微信公众号",
        };
    }

    /// <summary>
    /// <c>serve:</c> — probeInterval, dispatchInterval, dispatchAlerts, startupSpread, shutdownTimeout, maxConcurrentJobs, instanceId,
    /// clusterCheckinInterval
    /// (see <see cref="Monitor.Host.Service.ServeConfig"/> for units and defaults). Alerts are dispatched by default when
    /// the deployment has an <c>alerting:</c> section.
    /// </summary>
    private static Monitor.Host.Service.ServeConfig ReadServe(YamlMapping? s, bool hasAlerting)
    {
        var defaults = new Monitor.Host.Service.ServeConfig { DispatchAlerts = hasAlerting };
        if (s is null)
        {
            return defaults;
        }

        var serve = defaults with
        {
            ProbeInterval = s.Duration("probeInterval") ?? defaults.ProbeInterval,
            DispatchInterval = s.Duration("dispatchInterval") ?? defaults.DispatchInterval,
            DispatchAlerts = s.Bool("dispatchAlerts") ?? defaults.DispatchAlerts,
            StartupSpread = s.Duration("startupSpread") ?? defaults.StartupSpread,
            ShutdownTimeout = s.Duration("shutdownTimeout") ?? defaults.ShutdownTimeout,
            MaxConcurrentJobs = s.Int("maxConcurrentJobs", 1, 64) ?? defaults.MaxConcurrentJobs,
            InstanceId = NonEmpty(s, "instanceId"),
            ClusterCheckinInterval = s.Duration("clusterCheckinInterval") ?? defaults.ClusterCheckinInterval,
        };
        foreach (var (key, message) in serve.Validate())
        {
            s.AddError(key, message);
        }

        s.RejectUnknownKeys();
        return serve;
    }

    /// <summary>
    /// <c>api:</c> — enabled, url, publicUrl, rateLimit, invalidKeyLimit, pageSize, maxPageSize, requestLogFlush, requestLogRetention (see
    /// <see cref="Monitor.Host.Api.ApiOptions"/> for units and defaults).
    /// </summary>
    private static Monitor.Host.Api.ApiOptions ReadApi(YamlMapping a)
    {
        var defaults = new Monitor.Host.Api.ApiOptions();
        var api = defaults with
        {
            Enabled = a.Bool("enabled") ?? defaults.Enabled,
            Url = AbsoluteUrl(a, "url", required: false) ?? defaults.Url,
            PublicUrl = AbsoluteUrl(a, "publicUrl", required: false),
            RateLimitPerMinute = a.Int("rateLimit", 1, 1_000_000) ?? defaults.RateLimitPerMinute,
            InvalidKeyLimitPerMinute = a.Int("invalidKeyLimit", 1, 1_000_000) ?? defaults.InvalidKeyLimitPerMinute,
            DefaultPageSize = a.Int("pageSize", 1, 10_000) ?? defaults.DefaultPageSize,
            MaxPageSize = a.Int("maxPageSize", 1, 10_000) ?? defaults.MaxPageSize,
            RequestLogFlush = a.Duration("requestLogFlush") ?? defaults.RequestLogFlush,
            RequestLogRetention = a.Duration("requestLogRetention") ?? defaults.RequestLogRetention,
        };
        foreach (var (key, message) in api.Validate())
        {
            a.AddError(key, message);
        }

        a.RejectUnknownKeys();
        return api;
    }

    /// <summary>
    /// <c>store:</c> — postgres (an Npgsql connection string without the password), passwordEnv, evidencePath (see
    /// <see cref="Monitor.Host.Store.StoreConfig"/>).
    /// </summary>
    private static Monitor.Host.Store.StoreConfig ReadStore(YamlMapping s)
    {
        var postgres = NonEmpty(s, "postgres");
        if (postgres is not null)
        {
            try
            {
                var builder = new Npgsql.NpgsqlConnectionStringBuilder(postgres);
                if (builder.Password is not null)
                {
                    s.AddError("postgres", "连接串中不应写密码：请用 passwordEnv 指定存放密码的环境变量");
                }
            }
            catch (ArgumentException e)
            {
                s.AddError("postgres", "PostgreSQL 连接串无效：" + e.Message);
                postgres = null;
            }
        }

        var password = SecretFromEnvironment(s, "passwordEnv");
        if (password is not null && postgres is null)
        {
            s.AddError("passwordEnv", "只有配置了 postgres 才需要密码");
        }

        var store = new Monitor.Host.Store.StoreConfig { PostgresConnectionString = postgres, Password = password, EvidencePath = NonEmpty(s, "evidencePath") };
        s.RejectUnknownKeys();
        return store;
    }

    /// <summary>A Quartz cron expression (seconds first, e.g. <c>0 0 8 * * ?</c>).</summary>
    private static bool ScheduleIsValid(string expression) => Quartz.CronExpression.TryParse(expression, out _);

    private static string? NonEmpty(YamlMapping m, string key)
    {
        var value = m.String(key);
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            m.AddError(key, "不能为空");
            return null;
        }

        return value;
    }

    private static TimeSpan? PositiveDuration(YamlMapping m, string key)
    {
        var value = m.Duration(key);
        if (value is { } d && d <= TimeSpan.Zero)
        {
            m.AddError(key, "应为正的时长，例如 20s");
            return null;
        }

        return value;
    }

    private static readonly Dictionary<string, MetricsMode> MetricsModes = new(StringComparer.Ordinal)
    {
        ["v2"] = MetricsMode.V2,
        ["v1"] = MetricsMode.V1,
    };

    private static readonly Dictionary<string, LogEventLevel> LogLevels = new(StringComparer.Ordinal)
    {
        ["Verbose"] = LogEventLevel.Verbose,
        ["Debug"] = LogEventLevel.Debug,
        ["Information"] = LogEventLevel.Information,
        ["Warning"] = LogEventLevel.Warning,
        ["Error"] = LogEventLevel.Error,
        ["Fatal"] = LogEventLevel.Fatal,
    };

    /// <summary>
    /// <c>metrics:</c> — mode, url, org/bucket/tokenEnv (v2) or database/retentionPolicy/username/passwordEnv (v1),
    /// batchSize, timeout and buffer bounds. Secrets are read from the environment variables named here, never
    /// written in the file.
    /// </summary>
    private static MetricsOptions? ReadMetrics(YamlMapping m)
    {
        var mode = m.Enum("mode", MetricsModes, required: true);
        var url = AbsoluteUrl(m, "url", required: true);
        var defaults = new MetricsOptions { Mode = MetricsMode.V2, Url = new Uri("http://localhost/") };
        var options = defaults with
        {
            Org = m.String("org") ?? defaults.Org,
            Bucket = m.String("bucket") ?? defaults.Bucket,
            Token = SecretFromEnvironment(m, "tokenEnv"),
            Database = m.String("database") ?? defaults.Database,
            RetentionPolicy = m.String("retentionPolicy"),
            Username = m.String("username"),
            Password = SecretFromEnvironment(m, "passwordEnv"),
            BatchSize = m.Int("batchSize", 1, 100_000) ?? defaults.BatchSize,
            Timeout = m.Duration("timeout") ?? defaults.Timeout,
        };
        if (m.Mapping("buffer") is { } b)
        {
            options = options with
            {
                BufferMaxBytes = Long(b, "maxBytes", 1024, 1L << 40) ?? options.BufferMaxBytes,
                BufferMaxBatches = b.Int("maxBatches", 1, 10_000_000) ?? options.BufferMaxBatches,
            };
            b.RejectUnknownKeys();
        }

        if (mode == MetricsMode.V1 && options.Token is not null)
        {
            m.AddError("tokenEnv", "v1 模式（/write）使用 username 和 passwordEnv，不使用令牌");
        }

        if (mode == MetricsMode.V2 && (options.Username is not null || options.Password is not null))
        {
            m.AddError("username", "v2 模式使用 tokenEnv（InfluxDB 1.8 兼容接口的令牌写作 用户名:密码）");
        }

        m.RejectUnknownKeys();
        return mode is null || url is null ? null : options with { Mode = mode.Value, Url = url };
    }

    /// <summary><c>logging:</c> — minimumLevel, consoleLevel, file, retainedFiles and <c>seq:</c> (url, apiKeyEnv, period).</summary>
    private static LoggingOptions ReadLogging(YamlMapping l)
    {
        var defaults = LoggingOptions.Default;
        var options = defaults with
        {
            MinimumLevel = l.Enum("minimumLevel", LogLevels) ?? defaults.MinimumLevel,
            ConsoleLevel = l.Enum("consoleLevel", LogLevels) ?? defaults.ConsoleLevel,
            File = l.String("file"),
            RetainedFiles = l.Int("retainedFiles", 1, 3650) ?? defaults.RetainedFiles,
        };
        if (l.Mapping("seq") is { } s)
        {
            options = options with
            {
                SeqUrl = AbsoluteUrl(s, "url", required: true),
                SeqApiKey = SecretFromEnvironment(s, "apiKeyEnv"),
                SeqPeriod = s.Duration("period") ?? defaults.SeqPeriod,
            };
            s.RejectUnknownKeys();
        }

        l.RejectUnknownKeys();
        return options;
    }

    private static readonly Dictionary<string, SmtpSecurity> SmtpSecurities = new(StringComparer.Ordinal)
    {
        ["none"] = SmtpSecurity.None,
        ["ssl"] = SmtpSecurity.SslOnConnect,
        ["starttls"] = SmtpSecurity.StartTls,
        ["auto"] = SmtpSecurity.Auto,
    };

    /// <summary>
    /// <c>alerting:</c> — lease, retryBase, retryCap, maxAttempts, <c>smtp:</c> (host, port, security none/ssl/starttls/auto,
    /// username, passwordEnv, timeout), <c>sms:</c> and <c>policy:</c> (see <see cref="AlertingSections"/>), <c>dingTalk:</c>
    /// (secretEnv, timeout) and <c>weCom:</c> (timeout). The sender is the
    /// <c>mail:</c> section's. Secrets live in the environment variables named here; they must be set when the deployment is loaded.
    /// </summary>
    private static AlertingConfig ReadAlerting(YamlMapping a, MailConfig mail)
    {
        var defaults = new DispatchOptions();
        var dispatch = defaults with
        {
            Lease = a.Duration("lease") ?? defaults.Lease,
            RetryBase = a.Duration("retryBase") ?? defaults.RetryBase,
            RetryCap = a.Duration("retryCap") ?? defaults.RetryCap,
            MaxAttempts = a.Int("maxAttempts", 1, 1000) ?? defaults.MaxAttempts,
        };
        if (dispatch.RetryCap < dispatch.RetryBase)
        {
            a.AddError("retryCap", "不能小于 retryBase");
        }

        EmailChannelOptions? email = null;
        Secret? password = null;
        if (a.Mapping("smtp") is { } s)
        {
            var host = s.String("host", required: true);
            var security = s.Enum("security", SmtpSecurities) ?? SmtpSecurity.Auto;
            var port = s.Int("port", 1, 65535) ?? security switch
            {
                SmtpSecurity.SslOnConnect => 465,
                SmtpSecurity.StartTls => 587,
                _ => 25,
            };
            var username = s.String("username");
            var passwordEnv = s.String("passwordEnv");
            password = SecretFromEnvironment(s, "passwordEnv");
            if ((username is null) != (passwordEnv is null))
            {
                s.AddError(username is null ? "username" : "passwordEnv", "username 与 passwordEnv 须同时设置");
            }

            var timeout = s.Duration("timeout") ?? TimeSpan.FromSeconds(30);
            s.RejectUnknownKeys();
            if (host is not null)
            {
                email = new EmailChannelOptions
                {
                    Host = host,
                    Port = port,
                    Security = security,
                    UserName = username,
                    PasswordVariable = passwordEnv ?? new EmailChannelOptions().PasswordVariable,
                    FromName = mail.FromName,
                    FromAddress = mail.FromAddress,
                    Timeout = timeout,
                };
                foreach (var problem in email.Validate())
                {
                    s.AddError("host", problem);
                }
            }
        }

        DingTalkRobotOptions? dingTalk = null;
        if (a.Mapping("dingTalk") is { } d)
        {
            // The signing secret is checked here so a missing variable fails at load, not at the first send.
            SecretFromEnvironment(d, "secretEnv");
            dingTalk = new DingTalkRobotOptions { SecretVariable = d.String("secretEnv"), Timeout = d.Duration("timeout") ?? new DingTalkRobotOptions().Timeout };
            foreach (var problem in dingTalk.Validate())
            {
                d.AddError("timeout", problem);
            }

            d.RejectUnknownKeys();
        }

        WeComRobotOptions? weCom = null;
        if (a.Mapping("weCom") is { } w)
        {
            weCom = new WeComRobotOptions { Timeout = w.Duration("timeout") ?? new WeComRobotOptions().Timeout };
            foreach (var problem in weCom.Validate())
            {
                w.AddError("timeout", problem);
            }

            w.RejectUnknownKeys();
        }

        var policy = a.Mapping("policy") is { } p ? AlertingSections.ReadPolicy(p) : new AlertPolicyOptions();
        var sms = a.Mapping("sms") is { } sm ? AlertingSections.ReadSms(sm) : default;

        // A lease shorter than a send could let a second dispatcher take a message that is still being sent.
        var longestSend = new[] { email?.Timeout, dingTalk?.Timeout, weCom?.Timeout, sms.Gateway?.Timeout, sms.Aliyun?.Timeout }.Max() ?? TimeSpan.Zero;
        if (dispatch.Lease <= longestSend)
        {
            a.AddError("lease", $"应长于各渠道的发送超时（{longestSend.TotalSeconds:0} 秒）");
        }

        a.RejectUnknownKeys();
        return new AlertingConfig
        {
            Dispatch = dispatch, Policy = policy, Email = email, SmsGateway = sms.Gateway, AliyunSms = sms.Aliyun, DingTalk = dingTalk, WeCom = weCom,
            SmtpPassword = password, SmsSecrets = sms.Secrets ?? [],
        };
    }

    private static Uri? AbsoluteUrl(YamlMapping m, string key, bool required)
    {
        var text = m.String(key, required);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            m.AddError(key, "应为 http 或 https 的绝对地址");
            return null;
        }

        return uri;
    }

    /// <summary>Reads the environment variable named by <paramref name="key"/>; a named but unset variable is an error.</summary>
    private static Secret? SecretFromEnvironment(YamlMapping m, string key)
    {
        var name = m.String(key);
        if (name is null)
        {
            return null;
        }

        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value))
        {
            m.AddError(key, $"环境变量 {name} 未设置或为空");
            return null;
        }

        return new Secret(value);
    }

    private static long? Long(YamlMapping m, string key, long min, long max)
    {
        var text = m.String(key);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            m.AddError(key, $"应为 {min} 到 {max} 之间的整数");
            return null;
        }

        return value;
    }
}
