using System.CommandLine;
using System.Globalization;
using System.Text;
using Monitor.Alerting;
using Monitor.Host.Api;
using Monitor.Host.Catalog;
using Monitor.Host.Store;

namespace Monitor.Host.Cli;

/// <summary>
/// <c>monitor keys …</c>: the assessor API's keys and its request log, in the store of a state folder (the one
/// <c>monitor serve --state</c> uses; a running service sees a new or revoked key at its next request).
/// <list type="bullet">
/// <item><c>create --name N --scopes scores,findings|all [--expires 90d|2027-06-30] [--rate-limit N]</c>: makes a key and
/// prints it once (only its SHA-256 is stored).</item>
/// <item><c>list</c>: every key with scopes, state, expiry and rate limit; never a secret.</item>
/// <item><c>revoke ID</c>: refuses the key from now on; revoking twice says so and changes nothing.</item>
/// <item><c>log [--key ID] [--since DATE] [--limit N]</c>: the request log, newest first.</item>
/// </list>
/// Bad arguments (unknown scope, bad expiry, unknown key) exit 2 with a Chinese message.
/// </summary>
internal static class KeysCommands
{
    /// <summary>Longest key name: 100 characters.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Highest rate limit a key may be given: 1,000,000 requests a minute.</summary>
    public const int MaxRateLimit = 1_000_000;

    /// <summary>Longest expiry given in days: 3660 (ten years).</summary>
    public const int MaxExpiryDays = 3660;

    /// <summary>Most log rows one <c>keys log</c> prints: 100,000.</summary>
    public const int MaxLogLimit = 100_000;

    public static Command Build(TimeProvider time, TextWriter output, TextWriter error)
    {
        var command = new Command("keys", "API keys of the assessor API: create, list, revoke, and the request log");
        command.Subcommands.Add(Create(time, output, error));
        command.Subcommands.Add(List(time, output, error));
        command.Subcommands.Add(Revoke(time, output, error));
        command.Subcommands.Add(Log(output, error));
        return command;
    }

    private static Option<string> StateOption() =>
        new("--state") { Description = "Folder of the SQLite store (STATE/monitor.db; default: out/state, as monitor serve --state)", DefaultValueFactory = _ => Path.Combine("out", "state") };

    private static Command Create(TimeProvider time, TextWriter output, TextWriter error)
    {
        var name = new Option<string>("--name") { Description = "Who holds the key (e.g. the assessor's organisation)", Required = true };
        var scopes = new Option<string>("--scopes") { Description = "Comma-separated: scores, findings, evidence, deliveries; or all", Required = true };
        var expires = new Option<string?>("--expires") { Description = "Expiry: a number of days (90d) or the last valid day yyyy-MM-dd (Asia/Shanghai); default: never" };
        var rateLimit = new Option<int?>("--rate-limit") { Description = "Requests per minute for this key (default: api.rateLimit of the deployment, 600)" };
        var state = StateOption();
        var command = new Command("create", "Create an API key and print it once") { name, scopes, expires, rateLimit, state };
        command.SetAction(async (result, ct) => await CommandLine.Guard(error, () =>
        {
            var now = time.GetUtcNow();
            var keyName = ParseName(result.GetValue(name)!);
            var keyScopes = ParseScopes(result.GetValue(scopes)!);
            var expiry = ParseExpiry(result.GetValue(expires), now);
            var limit = result.GetValue(rateLimit) is { } l ? ParseRateLimit(l) : (int?)null;
            var created = ApiKeys.Create(keyName, keyScopes, now, expiry, limit);
            using (var store = MonitorStore.Open(StorePath(result.GetValue(state)!)))
            {
                store.InsertApiKey(created.Record);
            }

            var key = created.Record;
            output.WriteLine("已创建 API 密钥：");
            output.WriteLine();
            output.WriteLine(created.Token);
            output.WriteLine();
            output.WriteLine("请立即复制并妥善保管：密钥只显示这一次，系统只保存其 SHA-256 散列值，无法再次查看。");
            output.WriteLine($"如有遗失或泄露，请吊销（monitor keys revoke {key.Id}）后重新创建。");
            output.WriteLine($"编号：{key.Id}");
            output.WriteLine($"名称：{key.Name}");
            output.WriteLine($"权限范围：{ScopeList(key.Scopes)}");
            output.WriteLine($"失效时间：{Expiry(key.ExpiresAt)}");
            output.WriteLine($"速率限制：{Limit(key.RateLimitPerMinute)}");
            output.WriteLine("使用方式：请求头 Authorization: Bearer <密钥>，或 X-Api-Key: <密钥>。");
            return Task.FromResult(CommandLine.Ok);
        }).ConfigureAwait(false));
        return command;
    }

    private static Command List(TimeProvider time, TextWriter output, TextWriter error)
    {
        var state = StateOption();
        var command = new Command("list", "List the API keys (ids, names, scopes, state; never secrets)") { state };
        command.SetAction(async (result, ct) => await CommandLine.Guard(error, () =>
        {
            using var store = OpenExisting(result.GetValue(state)!);
            output.Write(KeyTable(store.ApiKeyList(), time.GetUtcNow()));
            return Task.FromResult(CommandLine.Ok);
        }).ConfigureAwait(false));
        return command;
    }

    private static Command Revoke(TimeProvider time, TextWriter output, TextWriter error)
    {
        var id = new Argument<string>("id") { Description = "The key's id (12 hex characters, as keys list shows)" };
        var state = StateOption();
        var command = new Command("revoke", "Revoke an API key: requests with it are refused (401) from now on") { id, state };
        command.SetAction(async (result, ct) => await CommandLine.Guard(error, () =>
        {
            var given = result.GetValue(id)!.Trim();
            // Someone may paste the whole key: only its id is used, and the secret is never echoed.
            var keyId = ApiKeys.TryParse(given, out var parsedId, out _) ? parsedId : given;
            using var store = OpenExisting(result.GetValue(state)!);
            var revoked = store.RevokeApiKey(keyId, time.GetUtcNow());
            switch (revoked.Outcome)
            {
                case MonitorStore.KeyRevocation.Revoked:
                    output.WriteLine($"已吊销密钥 {keyId}（{revoked.Key!.Name}），此后使用该密钥的请求将被拒绝（401）。");
                    return Task.FromResult(CommandLine.Ok);
                case MonitorStore.KeyRevocation.AlreadyRevoked:
                    output.WriteLine($"密钥 {keyId}（{revoked.Key!.Name}）已于 {ChinaTime.FormatDateTime(revoked.RevokedAt!.Value)} 吊销，无需重复操作，未做更改。");
                    return Task.FromResult(CommandLine.Ok);
                default:
                    throw new FormatException($"未找到编号为 {Shorten(keyId)} 的密钥（monitor keys list 可列出全部密钥）");
            }
        }).ConfigureAwait(false));
        return command;
    }

    private static Command Log(TextWriter output, TextWriter error)
    {
        var key = new Option<string?>("--key") { Description = "Only requests made with this key id" };
        var since = new Option<string?>("--since") { Description = "Only requests from this date (yyyy-MM-dd, Asia/Shanghai) or date-time with offset on" };
        var limit = new Option<int>("--limit") { Description = "Most rows to print, newest first (default 100)", DefaultValueFactory = _ => 100 };
        var state = StateOption();
        var command = new Command("log", "Print the API request log: who read what, when, and the answer") { key, since, limit, state };
        command.SetAction(async (result, ct) => await CommandLine.Guard(error, () =>
        {
            var rows = result.GetValue(limit);
            if (rows < 1 || rows > MaxLogLimit)
            {
                throw new FormatException($"--limit 应在 1 到 {MaxLogLimit} 之间，实际为 {rows}");
            }

            var from = ParseSince(result.GetValue(since));
            using var store = OpenExisting(result.GetValue(state)!);
            output.Write(LogTable(store.ApiRequests(result.GetValue(key), from, rows)));
            return Task.FromResult(CommandLine.Ok);
        }).ConfigureAwait(false));
        return command;
    }

    /// <summary>The key list as a table (no secrets exist to show: only their hashes are stored, and those are not shown either).</summary>
    internal static string KeyTable(IReadOnlyList<ApiKeyRecord> keys, DateTimeOffset now)
    {
        if (keys.Count == 0)
        {
            return "尚无 API 密钥（用 monitor keys create 创建）。\n";
        }

        var rows = keys.Select(k => new[]
        {
            k.Id, k.Name, ScopeList(k.Scopes), State(k, now), ChinaTime.FormatDateTime(k.CreatedAt), Expiry(k.ExpiresAt),
            k.RateLimitPerMinute is { } n ? $"每分钟 {n} 次" : "部署默认",
        }).ToList();
        var text = new StringBuilder(TextTable.Render(["编号", "名称", "权限范围", "状态", "创建时间", "失效时间", "速率限制"], rows, numericFrom: 7, totalsLast: false));
        text.Append(CultureInfo.InvariantCulture, $"共 {keys.Count} 个密钥，其中有效 {keys.Count(k => k.RevokedAt is null && !k.IsExpired(now))} 个。\n");
        return text.ToString();
    }

    /// <summary>The request log as a table, newest first.</summary>
    internal static string LogTable(IReadOnlyList<MonitorStore.LoggedApiRequest> requests)
    {
        if (requests.Count == 0)
        {
            return "没有符合条件的请求记录。\n";
        }

        var rows = requests.Select(r => r.Request).Select(e => new[]
        {
            ChinaTime.ToShanghai(e.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            e.KeyId ?? "-",
            e.KeyName ?? "-",
            e.Remote ?? "-",
            e.Method,
            e.Path + (e.Query ?? ""),
            RequestOutcomes.Chinese(e.Outcome),
            e.Status.ToString(CultureInfo.InvariantCulture),
            e.ElapsedMs.ToString("0.0", CultureInfo.InvariantCulture),
            e.Bytes?.ToString(CultureInfo.InvariantCulture) ?? "-",
        }).ToList();
        var text = new StringBuilder(TextTable.Render(["时间（北京）", "密钥", "名称", "来源地址", "方法", "路径", "结果", "状态码", "耗时毫秒", "字节"], rows, numericFrom: 7, totalsLast: false));
        text.Append(CultureInfo.InvariantCulture, $"共 {requests.Count} 条（最新在前）。\n");
        return text.ToString();
    }

    internal static string ParseName(string text)
    {
        var name = text.Trim();
        if (name.Length == 0 || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            throw new FormatException($"--name 应为 1 到 {MaxNameLength} 个字符的名称（不含控制字符）");
        }

        return name;
    }

    internal static IReadOnlyList<ApiScope> ParseScopes(string text)
    {
        var (scopes, unknown) = ApiKeys.ParseScopes(text);
        var allowed = string.Join("、", ApiScopes.All.Select(s => s.ToWire()));
        if (unknown.Count > 0)
        {
            throw new FormatException($"未知的权限范围：{string.Join("、", unknown.Select(Shorten))}。可选：{allowed}，或 all 表示全部，多个用英文逗号分隔");
        }

        return scopes.Count > 0 ? scopes : throw new FormatException($"--scopes 至少应含一个权限范围：{allowed}，或 all");
    }

    /// <summary>
    /// <c>90d</c>: that many days from now; <c>2027-06-30</c>: valid through that day in Asia/Shanghai (refused from
    /// 2027-07-01 00:00 Beijing time). Null text: never expires.
    /// </summary>
    internal static DateTimeOffset? ParseExpiry(string? text, DateTimeOffset now)
    {
        if (text is null)
        {
            return null;
        }

        var value = text.Trim();
        if (value.Length > 1 && value.EndsWith('d')
            && int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            return days is >= 1 and <= MaxExpiryDays ? now.AddDays(days)
                : throw new FormatException($"--expires 的天数应在 1 到 {MaxExpiryDays} 之间，实际为 {days}");
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var lastDay))
        {
            var end = ChinaTime.StartOf(lastDay.AddDays(1));
            return end > now && end <= now.AddDays(MaxExpiryDays + 1) ? end
                : end <= now ? throw new FormatException($"--expires 的日期 {value} 已过，密钥将立即失效；请给出今天或以后的日期")
                : throw new FormatException($"--expires 的日期 {value} 超过 {MaxExpiryDays} 天以后");
        }

        throw new FormatException($"--expires 应为天数（如 90d）或最后有效日期（yyyy-MM-dd，北京时间），实际为 \"{Shorten(value)}\"");
    }

    internal static int ParseRateLimit(int value) =>
        value is >= 1 and <= MaxRateLimit ? value : throw new FormatException($"--rate-limit 应在 1 到 {MaxRateLimit} 之间（每分钟请求数），实际为 {value}");

    private static DateTimeOffset? ParseSince(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return ChinaTime.StartOf(date);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) && text.Contains('T', StringComparison.Ordinal)
            ? at
            : throw new FormatException($"--since 应为日期（yyyy-MM-dd，北京时间）或带时区的时间（如 2026-12-01T08:00:00+08:00），实际为 \"{Shorten(text)}\"");
    }

    private static string State(ApiKeyRecord key, DateTimeOffset now) =>
        key.RevokedAt is { } revoked ? $"已吊销（{ChinaTime.FormatDateTime(revoked)}）"
        : key.IsExpired(now) ? "已过期"
        : "有效";

    private static string ScopeList(IReadOnlyList<ApiScope> scopes) => scopes.Count == 0 ? "（无）" : string.Join(",", scopes.Select(s => s.ToWire()));

    private static string Expiry(DateTimeOffset? at) => at is { } t ? ChinaTime.FormatDateTime(t) + "（北京时间）" : "永不过期";

    private static string Limit(int? perMinute) =>
        perMinute is { } n ? $"每分钟 {n} 次" : "部署默认（api.rateLimit，未配置时每分钟 600 次）";

    /// <summary>Echoed input is cut short, so a pasted secret or a wall of text does not end up in a terminal log whole.</summary>
    private static string Shorten(string text) => text.Length <= 24 ? text : text[..24] + "…";

    private static StoreLocation StorePath(string stateDirectory) => StoreConfig.ForCommand(stateDirectory);

    /// <summary>Listing, revoking and the log read an existing store and never start an empty one.</summary>
    private static MonitorStore OpenExisting(string stateDirectory)
    {
        var path = StorePath(stateDirectory);
        return path.Exists
            ? MonitorStore.Open(path)
            : throw new FormatException($"未找到状态库 {path}，请用 --state 指定 monitor serve 使用的状态目录");
    }
}
