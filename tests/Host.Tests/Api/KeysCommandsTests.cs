using System.Text.RegularExpressions;
using Monitor.Alerting;
using Monitor.Host.Api;
using Monitor.Host.Cli;
using Monitor.Host.Store;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Api;

/// <summary><c>monitor keys create / list / revoke / log</c> through the built executable, and their argument parsing (issue 7).</summary>
public sealed partial class KeysCommandsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string State => Path.Combine(_folder.Path, "state");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Create_prints_a_key_once_with_a_warning_and_the_key_verifies_against_the_store()
    {
        var result = await Run("keys", "create", "--name", "第三方评估组", "--scopes", "scores,findings", "--expires", "90d", "--rate-limit", "30", "--state", State);

        Assert.Equal(0, result.ExitCode);
        var token = Assert.Single(KeyShape().Matches(result.Output)).Value;
        Assert.Contains("只显示这一次", result.Output, StringComparison.Ordinal);
        Assert.Contains("scores,findings", result.Output, StringComparison.Ordinal);
        Assert.Contains("每分钟 30 次", result.Output, StringComparison.Ordinal);
        using var store = MonitorStore.Open(Path.Combine(State, "monitor.db"));
        var check = ApiKeys.Verify(token, store.FindApiKey, TimeProvider.System.GetUtcNow(), 600);
        Assert.Equal(ApiKeyOutcome.Ok, check.Outcome);
        Assert.Equal("第三方评估组", check.Caller!.Name);
        Assert.Equal([ApiScope.Scores, ApiScope.Findings], check.Caller.Scopes);
        Assert.Equal(30, check.Caller.RateLimitPerMinute);
        var stored = store.FindApiKey(check.Caller.KeyId)!;
        Assert.InRange(stored.ExpiresAt!.Value - stored.CreatedAt, TimeSpan.FromDays(90), TimeSpan.FromDays(90));
        Assert.Contains(stored.Id, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_shows_ids_names_scopes_and_state_but_neither_secrets_nor_their_hashes()
    {
        var first = await CreateKey("评估组甲", "all");
        var second = await CreateKey("评估组乙", "evidence");

        var result = await Run("keys", "list", "--state", State);

        Assert.Equal(0, result.ExitCode);
        using var store = MonitorStore.Open(Path.Combine(State, "monitor.db"));
        foreach (var token in new[] { first, second })
        {
            ApiKeys.TryParse(token, out var id, out var secret);
            Assert.Contains(id, result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(store.FindApiKey(id)!.SecretSha256, result.Output, StringComparison.Ordinal);
        }

        Assert.Contains("评估组甲", result.Output, StringComparison.Ordinal);
        Assert.Contains("scores,findings,evidence,deliveries", result.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(KeyShape(), result.Output);
        Assert.Contains("有效 2 个", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_refuses_the_key_from_then_on_and_a_second_revoke_says_it_already_was()
    {
        var token = await CreateKey("评估组", "scores");
        ApiKeys.TryParse(token, out var id, out _);

        var first = await Run("keys", "revoke", id, "--state", State);
        var second = await Run("keys", "revoke", id, "--state", State);
        var list = await Run("keys", "list", "--state", State);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("已吊销", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("无需重复", second.Output, StringComparison.Ordinal);
        Assert.Contains("已吊销（", list.Output, StringComparison.Ordinal);
        using var store = MonitorStore.Open(Path.Combine(State, "monitor.db"));
        Assert.Equal(ApiKeyOutcome.Revoked, ApiKeys.Verify(token, store.FindApiKey, TimeProvider.System.GetUtcNow(), 600).Outcome);
    }

    [Fact]
    public async Task Revoking_an_unknown_id_exits_2_and_a_pasted_whole_key_is_revoked_by_its_id_without_echoing_the_secret()
    {
        var token = await CreateKey("评估组", "scores");
        ApiKeys.TryParse(token, out _, out var secret);

        var unknown = await Run("keys", "revoke", "0123456789ab", "--state", State);
        var pasted = await Run("keys", "revoke", token, "--state", State);

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("未找到", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(0, pasted.ExitCode);
        Assert.DoesNotContain(secret, pasted.Output + pasted.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--scopes", "score", "未知的权限范围：score")]
    [InlineData("--scopes", ",", "至少")]
    [InlineData("--expires", "90", "--expires")]
    [InlineData("--expires", "0d", "天数")]
    [InlineData("--expires", "2020-01-01", "已过")]
    [InlineData("--expires", "2027-02-30", "--expires")]
    [InlineData("--rate-limit", "0", "--rate-limit")]
    public async Task Bad_scopes_expiry_or_rate_limit_exit_2_with_a_chinese_message_and_store_nothing(string option, string value, string message)
    {
        string[] args = ["keys", "create", "--name", "评估组", "--scopes", "scores", "--state", State];
        var index = Array.IndexOf(args, option);
        if (index >= 0)
        {
            args[index + 1] = value;
        }
        else
        {
            args = [.. args, option, value];
        }

        var result = await Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotMatch(KeyShape(), result.Output);
        Assert.False(File.Exists(Path.Combine(State, "monitor.db")) && KeyCount() > 0);
    }

    [Fact]
    public async Task Log_prints_the_request_log_newest_first_filtered_by_key_and_limited()
    {
        var start = new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);
        using (var store = MonitorStore.Open(Path.Combine(State, "monitor.db")))
        {
            store.AppendApiRequests([
                new ApiRequestEntry(start, "aaaaaaaaaaaa", "评估组甲", "GET", "/api/v1/scores", "?period=2026-11", 200, "ok", 3.25, 512, "127.0.0.1"),
                new ApiRequestEntry(start.AddMinutes(1), null, null, "GET", "/api/v1/findings", null, 401, "unauthorized", 0.5, 120, "127.0.0.1"),
                new ApiRequestEntry(start.AddMinutes(2), "aaaaaaaaaaaa", "评估组甲", "GET", "/api/v1/findings", null, 403, "forbidden", 0.7, 140, "127.0.0.1"),
            ]);
        }

        var all = await Run("keys", "log", "--state", State);
        var one = await Run("keys", "log", "--key", "aaaaaaaaaaaa", "--limit", "1", "--state", State);
        var since = await Run("keys", "log", "--since", "2026-12-01T09:01:30+08:00", "--state", State);
        var bad = await Run("keys", "log", "--since", "yesterday", "--state", State);

        Assert.Equal(0, all.ExitCode);
        var lines = all.Output.Split('\n');
        Assert.True(Line(lines, "/api/v1/findings", "403") < Line(lines, "/api/v1/findings", "401"), all.Output);
        Assert.True(Line(lines, "/api/v1/findings", "401") < Line(lines, "/api/v1/scores?period=2026-11", "200"), all.Output);
        Assert.Contains("2026-12-01 09:00:00", all.Output, StringComparison.Ordinal);
        Assert.Contains("未认证", all.Output, StringComparison.Ordinal);
        Assert.Contains("共 3 条", all.Output, StringComparison.Ordinal);
        Assert.Contains("403", one.Output, StringComparison.Ordinal);
        Assert.Contains("共 1 条", one.Output, StringComparison.Ordinal);
        Assert.Contains("共 1 条", since.Output, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--since", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_without_a_store_exits_2_and_creates_none()
    {
        var result = await Run("keys", "list", "--state", State);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("未找到状态库", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(State, "monitor.db")));
    }

    [Fact]
    public void An_expiry_date_means_valid_through_that_day_in_beijing_time_and_days_count_from_now()
    {
        var now = new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2027, 7, 1, 0, 0, 0, ChinaTime.Offset), KeysCommands.ParseExpiry("2027-06-30", now));
        Assert.Equal(now.AddDays(90), KeysCommands.ParseExpiry("90d", now));
        Assert.Null(KeysCommands.ParseExpiry(null, now));
        Assert.Throws<FormatException>(() => KeysCommands.ParseExpiry("2026-11-30", now));
        Assert.Throws<FormatException>(() => KeysCommands.ParseExpiry("-5d", now));
        Assert.Throws<FormatException>(() => KeysCommands.ParseExpiry("99999d", now));
    }

    private async Task<string> CreateKey(string name, string scopes)
    {
        var result = await Run("keys", "create", "--name", name, "--scopes", scopes, "--state", State);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        return KeyShape().Match(result.Output).Value;
    }

    private int KeyCount()
    {
        using var store = MonitorStore.Open(Path.Combine(State, "monitor.db"));
        return store.ApiKeyList().Count;
    }

    private Task<MonitorProcess.Result> Run(params string[] args) => MonitorProcess.RunAsync(_folder.Path, args);

    private static int Line(string[] lines, string path, string status)
    {
        var index = Array.FindIndex(lines, l => l.Contains(path, StringComparison.Ordinal) && l.Contains(" " + status + " ", StringComparison.Ordinal));
        Assert.True(index >= 0, $"no line with {path} and {status}");
        return index;
    }

    [GeneratedRegex("mk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")]
    private static partial Regex KeyShape();
}
