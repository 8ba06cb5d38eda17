using System.Text;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Api;

/// <summary>
/// Guards the promise to assessors (issue 7): a frozen period answers byte-identically after more crawling and after a
/// rule change, over HTTP from a running <c>monitor serve</c>, and <c>monitor periods verify</c> still recomputes the same
/// numbers from the stored documents with the period's archived rules — while the live assessment moves on, and a period
/// frozen with the changed rules shows that the change matters.
/// </summary>
public sealed class FrozenPeriodOverHttpTests(ServeApiFixture api) : IClassFixture<ServeApiFixture>
{
    private static readonly string[] FrozenPaths =
    [
        $"api/v1/periods/{ServeApiFixture.Period}",
        $"api/v1/scores?period={ServeApiFixture.Period}",
        $"api/v1/scores?period={ServeApiFixture.Period}&scope=department",
        $"api/v1/findings?period={ServeApiFixture.Period}&pageSize=1000",
        $"api/v1/findings?period={ServeApiFixture.Period}&severity=veto",
        $"api/v1/periods/{ServeApiFixture.Period}/export.json",
        $"api/v1/periods/{ServeApiFixture.Period}/export.csv?table=scores",
        $"api/v1/periods/{ServeApiFixture.Period}/export.csv?table=findings",
        $"api/v1/periods/{ServeApiFixture.Period}/export.xlsx",
        $"api/v1/periods/{ServeApiFixture.Period}/report.html",
    ];

    [Fact]
    public async Task A_frozen_period_answers_byte_identically_after_more_crawling_and_a_rule_change()
    {
        var before = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in FrozenPaths)
        {
            before[path] = await api.Bytes(path);
        }

        var liveBefore = await api.Bytes("api/v1/scores?period=live");

        // A rule change: a new rule-set version in force from 2026-12-02 that lets WeChat accounts go 30 days without a post.
        using var changed = new TempFolder();
        CopyTree(RepoPaths.Rules, changed.Path);
        Edit(Path.Combine(changed.Path, "ruleset.yaml"), "version: 2026.12.0\neffective: 2026-12-01", "version: 2026.12.1\neffective: 2026-12-02");
        File.AppendAllText(Path.Combine(changed.Path, "ruleset.yaml"), "  - version: 2026.12.1\n    effective: 2026-12-02\n    notes: 测试：公众号更新期限放宽\n");
        Edit(Path.Combine(changed.Path, "site-checks.yaml"), "platforms: [微信公众号]\n  maxAgeDays: 14\n  warningAgeDays: 10", "platforms: [微信公众号]\n  maxAgeDays: 30\n  warningAgeDays: 20");

        // More crawling, with the changed rules, into the store the service is serving.
        await api.Run("scan", "--config", api.Config, "--as-of", "2026-12-08", "--out", Path.Combine(api.Folder, "out2"), "--state", api.State, "--rules", changed.Path);

        var liveAfter = await api.Bytes("api/v1/scores?period=live");
        Assert.NotEqual(liveBefore, liveAfter);
        Assert.Contains("2026.12.1", Encoding.UTF8.GetString(liveAfter), StringComparison.Ordinal);

        foreach (var path in FrozenPaths)
        {
            var after = await api.Bytes(path);
            Assert.True(before[path].AsSpan().SequenceEqual(after), $"{path} changed after more crawling and a rule change");
        }

        var verify = await api.Run("periods", "verify", ServeApiFixture.Period, "--config", api.Config, "--state", api.State);
        Assert.Contains("一致", verify.Output, StringComparison.Ordinal);

        // The same dates frozen under another id with the changed rules give other findings: the change was not a no-op.
        await api.Run("periods", "freeze", "2026-11-new-rules", "--from", "2026-11-01", "--to", "2026-11-30", "--config", api.Config,
            "--state", api.State, "--rules", changed.Path, "--by", "第三方评估组");
        var oldFindings = await api.Bytes($"api/v1/findings?period={ServeApiFixture.Period}&kind=stale-account&pageSize=1000");
        var newFindings = await api.Bytes("api/v1/findings?period=2026-11-new-rules&kind=stale-account&pageSize=1000");
        Assert.NotEqual(Encoding.UTF8.GetString(oldFindings).Length, Encoding.UTF8.GetString(newFindings).Length);
    }

    private static void Edit(string path, string from, string to)
    {
        var text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
