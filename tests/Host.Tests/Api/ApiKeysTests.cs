using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Host.Api;
using Monitor.Host.Store;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Api;

/// <summary>Key format, hashing, verification (expiry, revocation, scopes) and the key rows of the store (issue 7).</summary>
public sealed class ApiKeysTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_key_is_mk_then_12_hex_then_43_base64url_and_parses_back_into_its_id_and_secret()
    {
        var key = ApiKeys.Create("评估机构", [ApiScope.Scores], Now, null, null);

        Assert.Matches(new Regex("^mk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$"), key.Token);
        Assert.True(ApiKeys.TryParse(key.Token, out var id, out var secret));
        Assert.Equal(key.Record.Id, id);
        Assert.Equal(key.Token, "mk_" + id + "_" + secret);
        Assert.Equal(32, Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "=").Length);
    }

    [Fact]
    public void Only_the_sha256_of_the_secret_is_kept_in_the_record()
    {
        var key = ApiKeys.Create("评估机构", [ApiScope.Scores], Now, null, null);
        ApiKeys.TryParse(key.Token, out _, out var secret);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), key.Record.SecretSha256);
        Assert.DoesNotContain(secret, key.Record.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_made_one_after_another_share_neither_id_nor_secret()
    {
        var keys = Enumerable.Range(0, 200).Select(_ => ApiKeys.Create("k", [ApiScope.Scores], Now, null, null)).ToList();

        Assert.Equal(keys.Count, keys.Select(k => k.Record.Id).Distinct().Count());
        Assert.Equal(keys.Count, keys.Select(k => k.Record.SecretSha256).Distinct().Count());
    }

    [Theory]
    [InlineData("mk_0123456789ab_")]
    [InlineData("mk_0123456789AB_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("mk_0123456789ag_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("xk_0123456789ab_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("mk_0123456789ab-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("mk_0123456789ab_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=")]
    [InlineData("mk_0123456789ab_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("mk_0123456789ab_aaaaaaaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("Bearer mk_0123456789ab_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void A_key_not_of_the_exact_form_is_malformed(string presented)
    {
        Assert.False(ApiKeys.TryParse(presented, out _, out _));
        Assert.Equal(ApiKeyOutcome.Malformed, ApiKeys.Verify(presented, _ => throw new InvalidOperationException("no lookup for a malformed key"), Now, 600).Outcome);
    }

    [Fact]
    public void A_secret_that_contains_underscores_and_dashes_still_parses_by_position()
    {
        var token = "mk_0123456789ab_" + "a_b-c_" + new string('z', 37);

        Assert.True(ApiKeys.TryParse(token, out var id, out var secret));
        Assert.Equal("0123456789ab", id);
        Assert.Equal("a_b-c_" + new string('z', 37), secret);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_key_is_missing(string? presented) =>
        Assert.Equal(ApiKeyOutcome.Missing, ApiKeys.Verify(presented, _ => null, Now, 600).Outcome);

    [Fact]
    public void The_right_secret_gives_the_caller_with_name_scopes_and_the_default_rate_limit()
    {
        var key = ApiKeys.Create("评估机构", [ApiScope.Findings, ApiScope.Scores], Now, null, null);

        var check = ApiKeys.Verify(key.Token, Lookup(key.Record), Now, 600);

        Assert.Equal(ApiKeyOutcome.Ok, check.Outcome);
        Assert.Equal(new[] { ApiScope.Scores, ApiScope.Findings }, check.Caller!.Scopes);
        Assert.Equal("评估机构", check.Caller.Name);
        Assert.Equal(key.Record.Id, check.Caller.KeyId);
        Assert.Equal(600, check.Caller.RateLimitPerMinute);
        Assert.True(check.Caller.Allows(ApiScope.Findings));
        Assert.False(check.Caller.Allows(ApiScope.Evidence));
    }

    [Fact]
    public void A_key_with_its_own_rate_limit_keeps_it()
    {
        var key = ApiKeys.Create("k", [ApiScope.Scores], Now, null, 3);

        Assert.Equal(3, ApiKeys.Verify(key.Token, Lookup(key.Record), Now, 600).Caller!.RateLimitPerMinute);
    }

    [Fact]
    public void A_wrong_secret_for_a_known_id_is_refused_without_identity()
    {
        var key = ApiKeys.Create("k", [ApiScope.Scores], Now, null, null);
        var other = ApiKeys.Create("k", [ApiScope.Scores], Now, null, null);
        var forged = "mk_" + key.Record.Id + other.Token[(3 + 12)..];

        var check = ApiKeys.Verify(forged, Lookup(key.Record), Now, 600);

        Assert.Equal(ApiKeyOutcome.BadSecret, check.Outcome);
        Assert.Null(check.Caller);
    }

    [Fact]
    public void An_unknown_id_is_looked_up_once_and_refused_without_identity()
    {
        var key = ApiKeys.Create("k", [ApiScope.Scores], Now, null, null);
        var lookups = new List<string>();

        var check = ApiKeys.Verify(key.Token, id => { lookups.Add(id); return null; }, Now, 600);

        Assert.Equal(ApiKeyOutcome.Unknown, check.Outcome);
        Assert.Null(check.Caller);
        Assert.Equal([key.Record.Id], lookups);
    }

    [Fact]
    public void A_damaged_stored_hash_matches_no_secret()
    {
        var key = ApiKeys.Create("k", [ApiScope.Scores], Now, null, null);

        Assert.Equal(ApiKeyOutcome.BadSecret, ApiKeys.Verify(key.Token, Lookup(key.Record with { SecretSha256 = "zz" }), Now, 600).Outcome);
        Assert.Equal(ApiKeyOutcome.BadSecret, ApiKeys.Verify(key.Token, Lookup(key.Record with { SecretSha256 = "" }), Now, 600).Outcome);
    }

    [Fact]
    public void A_revoked_key_is_refused_even_with_the_right_secret()
    {
        var key = ApiKeys.Create("k", [ApiScope.Scores], Now, null, null);

        Assert.Equal(ApiKeyOutcome.Revoked, ApiKeys.Verify(key.Token, Lookup(key.Record with { RevokedAt = Now.AddDays(-1) }), Now, 600).Outcome);
    }

    [Fact]
    public void A_key_is_valid_until_the_instant_it_expires_and_refused_from_then_on()
    {
        var time = new FakeTimeProvider(Now);
        var key = ApiKeys.Create("k", [ApiScope.Scores], time.GetUtcNow(), time.GetUtcNow().AddDays(90), null);
        var lookup = Lookup(key.Record);

        time.Advance(TimeSpan.FromDays(90) - TimeSpan.FromTicks(1));
        Assert.Equal(ApiKeyOutcome.Ok, ApiKeys.Verify(key.Token, lookup, time.GetUtcNow(), 600).Outcome);

        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(ApiKeyOutcome.Expired, ApiKeys.Verify(key.Token, lookup, time.GetUtcNow(), 600).Outcome);
    }

    [Theory]
    [InlineData("scores", "scores")]
    [InlineData("findings, scores", "scores,findings")]
    [InlineData("scores,scores,Evidence", "scores,evidence")]
    [InlineData("all", "scores,findings,evidence,deliveries")]
    public void Scope_lists_parse_into_distinct_scopes_in_a_fixed_order(string text, string wire)
    {
        var expected = wire.Split(',').Select(w => ApiScopes.Parse(w)!.Value).ToList();
        var (scopes, unknown) = ApiKeys.ParseScopes(text);

        Assert.Empty(unknown);
        Assert.Equal(expected, scopes);
        Assert.Equal(expected, ApiKeys.ScopesFromText(ApiKeys.ScopesText(scopes)));
    }

    [Fact]
    public void Unknown_scope_words_are_reported_not_dropped()
    {
        var (scopes, unknown) = ApiKeys.ParseScopes("scores,score,admin");

        Assert.Equal([ApiScope.Scores], scopes);
        Assert.Equal(["score", "admin"], unknown);
    }

    [Fact]
    public void The_store_keeps_a_key_without_its_secret_and_finds_it_by_id()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "monitor.db");
        var key = ApiKeys.Create("第三方评估组", [ApiScope.Scores, ApiScope.Evidence], Now, Now.AddDays(30), 42);
        ApiKeys.TryParse(key.Token, out _, out var secret);
        using (var store = MonitorStore.Open(path))
        {
            store.InsertApiKey(key.Record);

            var found = store.FindApiKey(key.Record.Id)!;
            Assert.Equal(key.Record.Name, found.Name);
            Assert.Equal(key.Record.SecretSha256, found.SecretSha256);
            Assert.Equal(key.Record.Scopes, found.Scopes);
            Assert.Equal(Now.AddDays(30), found.ExpiresAt);
            Assert.Equal(Now, found.CreatedAt);
            Assert.Equal(42, found.RateLimitPerMinute);
            Assert.Null(found.RevokedAt);
            Assert.Null(store.FindApiKey("000000000000"));
            Assert.Equal(ApiKeyOutcome.Ok, ApiKeys.Verify(key.Token, store.FindApiKey, Now, 600).Outcome);
        }

        Assert.DoesNotContain(secret, Encoding.UTF8.GetString(File.ReadAllBytes(path)) + ReadIfExists(path + "-wal"), StringComparison.Ordinal);
    }

    [Fact]
    public void Revoking_twice_reports_the_first_revocation_and_changes_nothing()
    {
        using var folder = new TempFolder();
        using var store = MonitorStore.Open(Path.Combine(folder.Path, "monitor.db"));
        var key = ApiKeys.Create("k", [ApiScope.Scores], Now, null, null);
        store.InsertApiKey(key.Record);

        var first = store.RevokeApiKey(key.Record.Id, Now.AddHours(1));
        var second = store.RevokeApiKey(key.Record.Id, Now.AddHours(2));

        Assert.Equal(MonitorStore.KeyRevocation.Revoked, first.Outcome);
        Assert.Equal(MonitorStore.KeyRevocation.AlreadyRevoked, second.Outcome);
        Assert.Equal(Now.AddHours(1), second.RevokedAt);
        Assert.Equal(MonitorStore.KeyRevocation.Unknown, store.RevokeApiKey("ffffffffffff", Now).Outcome);
        Assert.Equal(ApiKeyOutcome.Revoked, ApiKeys.Verify(key.Token, store.FindApiKey, Now.AddHours(3), 600).Outcome);
    }

    [Fact]
    public void The_key_list_holds_every_key_oldest_first()
    {
        using var folder = new TempFolder();
        using var store = MonitorStore.Open(Path.Combine(folder.Path, "monitor.db"));
        var later = ApiKeys.Create("later", [ApiScope.Scores], Now.AddMinutes(5), null, null);
        var earlier = ApiKeys.Create("earlier", [ApiScope.Findings], Now, null, null);
        store.InsertApiKey(later.Record);
        store.InsertApiKey(earlier.Record);

        Assert.Equal(["earlier", "later"], store.ApiKeyList().Select(k => k.Name));
    }

    private static Func<string, ApiKeyRecord?> Lookup(ApiKeyRecord record) => id => id == record.Id ? record : null;

    private static string ReadIfExists(string path) => File.Exists(path) ? Encoding.UTF8.GetString(File.ReadAllBytes(path)) : "";
}
