using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Monitor.Host.Api;
using Monitor.Host.Store;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Api;

/// <summary>
/// Keys, scopes, the rate limit and the request log over real HTTP: a Kestrel <see cref="WebApplication"/> on
/// <c>http://127.0.0.1:0</c> with <see cref="ApiAccess.AddApiAccess"/> / <see cref="ApiAccess.UseApiAccess"/> and a few tiny
/// endpoints needing different scopes, called with <see cref="HttpClient"/> (issue 7).
/// </summary>
public sealed class ApiAccessTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_request_without_a_key_gets_401_with_a_bearer_challenge_and_a_chinese_problem()
    {
        await using var server = await AccessServer.StartAsync();

        using var response = await server.Http.GetAsync(new Uri("/api/v1/scores", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Problem(response);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal("未认证", problem.GetProperty("title").GetString());
        Assert.Contains("未携带", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_unknown_wrong_secret_revoked_and_expired_keys_all_get_the_same_401()
    {
        await using var server = await AccessServer.StartAsync();
        var good = server.AddKey([ApiScope.Scores]);
        var revoked = server.AddKey([ApiScope.Scores]);
        server.Revoke(revoked);
        var expired = server.AddKey([ApiScope.Scores], expiresAt: Now.AddMinutes(-1));
        var unknown = ApiKeys.Create("未存储", [ApiScope.Scores], Now, null, null).Token;
        var wrongSecret = good[..16] + unknown[16..];

        var bodies = new List<string>();
        foreach (var key in new[] { "mk_nonsense", unknown, wrongSecret, revoked, expired })
        {
            using var response = await server.Get("/api/v1/scores", key);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(bodies.Distinct());
        Assert.Contains("API 密钥无效或已过期", bodies[0], StringComparison.Ordinal);
        using var ok = await server.Get("/api/v1/scores", good);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task An_address_that_keeps_presenting_refused_keys_is_slowed_down_before_any_lookup()
    {
        await using var server = await AccessServer.StartAsync(new ApiOptions { InvalidKeyLimitPerMinute = 3 });
        var good = server.AddKey([ApiScope.Scores]);
        var unknown = ApiKeys.Create("未存储", [ApiScope.Scores], Now, null, null).Token;

        // Requests without a key cost no lookup and do not count.
        for (var i = 0; i < 5; i++)
        {
            using var none = await server.Get("/api/v1/scores", null);
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await server.Get("/api/v1/scores", unknown);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
                Assert.Contains("无效的 API 密钥", (await Problem(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        // Until the bucket refills, the address is held back whatever key it presents.
        using var meanwhile = await server.Get("/api/v1/scores", good);
        Assert.Equal(HttpStatusCode.TooManyRequests, meanwhile.StatusCode);
    }

    [Fact]
    public async Task A_key_expires_by_the_hosts_clock()
    {
        await using var server = await AccessServer.StartAsync();
        var key = server.AddKey([ApiScope.Scores], expiresAt: Now.AddHours(1));

        using (var before = await server.Get("/api/v1/scores", key))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        server.Time.Advance(TimeSpan.FromHours(1));
        using var after = await server.Get("/api/v1/scores", key);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task The_key_is_read_from_the_bearer_header_or_x_api_key_and_another_scheme_is_invalid()
    {
        await using var server = await AccessServer.StartAsync();
        var key = server.AddKey([ApiScope.Scores]);

        using var viaHeader = new HttpRequestMessage(HttpMethod.Get, "/api/v1/scores");
        viaHeader.Headers.Add("X-Api-Key", key);
        using var basic = new HttpRequestMessage(HttpMethod.Get, "/api/v1/scores");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("u:" + key)));

        using var header = await server.Http.SendAsync(viaHeader);
        using var wrongScheme = await server.Http.SendAsync(basic);

        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongScheme.StatusCode);
        Assert.Contains("无效", (await Problem(wrongScheme)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_key_without_the_endpoints_scope_gets_403_naming_the_scope_and_with_it_200()
    {
        await using var server = await AccessServer.StartAsync();
        var key = server.AddKey([ApiScope.Scores]);

        using var forbidden = await server.Get("/api/v1/findings", key);
        using var groupForbidden = await server.Get("/api/v1/evidence/abc", key);
        using var allowed = await server.Get("/api/v1/scores", key);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var problem = await Problem(forbidden);
        Assert.Equal("权限不足", problem.GetProperty("title").GetString());
        Assert.Contains("findings", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["findings"], problem.GetProperty("requiredScopes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, groupForbidden.StatusCode);
        Assert.Contains("evidence", await groupForbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("评分", await allowed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Handlers_see_the_caller_and_the_openapi_document_needs_no_key()
    {
        await using var server = await AccessServer.StartAsync();
        var key = server.AddKey([ApiScope.Findings], name: "第三方评估组");

        using var caller = await server.Get("/api/v1/caller", key);
        using var openapi = await server.Get("/api/v1/openapi.json", null);
        using var outside = await server.Get("/health", null);

        Assert.Equal(HttpStatusCode.OK, caller.StatusCode);
        Assert.Equal(ApiKeys.TryParse(key, out var id, out _) ? id + " 第三方评估组 findings" : "?", await caller.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, openapi.StatusCode);
        Assert.Equal(HttpStatusCode.OK, outside.StatusCode);
    }

    [Fact]
    public async Task A_key_with_a_rate_limit_of_3_gets_429_with_retry_after_on_its_fourth_request_and_other_keys_do_not()
    {
        await using var server = await AccessServer.StartAsync();
        var limited = server.AddKey([ApiScope.Scores], rateLimit: 3);
        var other = server.AddKey([ApiScope.Scores], rateLimit: 3);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await server.Get("/api/v1/scores", limited);
            statuses.Add(response.StatusCode);
        }

        using var fourth = await server.Get("/api/v1/scores", limited);
        using var otherKey = await server.Get("/api/v1/scores", other);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        var retryAfter = fourth.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        var problem = await Problem(fourth);
        Assert.Equal("请求过于频繁", problem.GetProperty("title").GetString());
        Assert.Contains("3 次", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
    }

    [Fact]
    public async Task The_request_log_records_every_request_with_key_status_outcome_and_path_and_never_the_secret()
    {
        await using var server = await AccessServer.StartAsync();
        var scores = server.AddKey([ApiScope.Scores], name: "评分密钥");
        var limited = server.AddKey([ApiScope.Scores], rateLimit: 3, name: "限流密钥");
        var revoked = server.AddKey([ApiScope.Scores], name: "已吊销");
        server.Revoke(revoked);
        var expired = server.AddKey([ApiScope.Scores], expiresAt: Now.AddMinutes(-5), name: "已过期");
        var wrongSecret = scores[..16] + ApiKeys.Create("x", [ApiScope.Scores], Now, null, null).Token[16..];
        var scoresId = Id(scores);
        var limitedId = Id(limited);

        var calls = new (string Path, string? Key, int Status, string Outcome, string? KeyId)[]
        {
            ("/api/v1/scores", null, 401, "unauthorized", null),
            ("/api/v1/scores", "mk_bad", 401, "unauthorized", null),
            ("/api/v1/scores", wrongSecret, 401, "unauthorized", null),
            ("/api/v1/scores", revoked, 401, "unauthorized", null),
            ("/api/v1/scores", expired, 401, "unauthorized", null),
            ("/api/v1/findings", scores, 403, "forbidden", scoresId),
            ("/api/v1/scores?period=2026-11", scores, 200, "ok", scoresId),
            ("/api/v1/etag", scores, 304, "not-modified", scoresId),
            ("/api/v1/nothing-here", scores, 404, "not-found", scoresId),
            ("/api/v1/bad", scores, 400, "bad-request", scoresId),
            ("/api/v1/boom", scores, 500, "error", scoresId),
            ("/api/v1/scores?api_key=" + scores, null, 401, "unauthorized", null),
            ("/api/v1/openapi.json", null, 200, "ok", null),
            ("/api/v1/scores", limited, 200, "ok", limitedId),
            ("/api/v1/scores", limited, 200, "ok", limitedId),
            ("/api/v1/scores", limited, 200, "ok", limitedId),
            ("/api/v1/scores", limited, 429, "rate-limited", limitedId),
        };
        foreach (var call in calls)
        {
            using var response = await server.Get(call.Path, call.Key, ifNoneMatch: call.Path.EndsWith("etag", StringComparison.Ordinal) ? "\"v1\"" : null);
            Assert.True((int)response.StatusCode == call.Status, $"{call.Path}: {(int)response.StatusCode}, expected {call.Status}");
        }

        await server.StopAsync();

        using var store = MonitorStore.Open(server.StorePath);
        var rows = store.ApiRequests(limit: 100).OrderBy(r => r.Seq).Select(r => r.Request).ToList();
        Assert.Equal(calls.Length, rows.Count);
        for (var i = 0; i < calls.Length; i++)
        {
            var (path, _, status, outcome, keyId) = calls[i];
            var row = rows[i];
            var query = path.Contains('?', StringComparison.Ordinal) ? path[path.IndexOf('?', StringComparison.Ordinal)..] : null;
            Assert.Equal(path.Split('?')[0], row.Path);
            Assert.Equal(status, row.Status);
            Assert.Equal(outcome, row.Outcome);
            Assert.Equal(keyId, row.KeyId);
            Assert.Equal("GET", row.Method);
            Assert.Equal(Now, row.At);
            Assert.Equal("127.0.0.1", row.Remote);
            if (query is not null && !query.Contains("api_key", StringComparison.Ordinal))
            {
                Assert.Equal(query, row.Query);
            }
        }

        Assert.Equal("评分密钥", rows[6].KeyName);
        Assert.Equal(Encoding.UTF8.GetByteCount("评分"), rows[6].Bytes);
        Assert.Equal(0, rows[7].Bytes);
        Assert.Equal("?api_key=mk_" + scoresId + "_***", rows[11].Query);

        var everything = Encoding.UTF8.GetString(File.ReadAllBytes(server.StorePath)) + ReadIfExists(server.StorePath + "-wal");
        foreach (var key in new[] { scores, limited, revoked, expired, wrongSecret })
        {
            Assert.DoesNotContain(key[16..], everything, StringComparison.Ordinal);
        }
    }

    private static string Id(string key) => ApiKeys.TryParse(key, out var id, out _) ? id : throw new ArgumentException("not a key", nameof(key));

    private static async Task<JsonElement> Problem(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static string ReadIfExists(string path) => File.Exists(path) ? Encoding.UTF8.GetString(File.ReadAllBytes(path)) : "";

    /// <summary>The test's web application: access control plus tiny endpoints, Kestrel on a free loopback port, a fake clock.</summary>
    private sealed class AccessServer : IAsyncDisposable
    {
        private readonly TempFolder _folder;
        private readonly WebApplication _app;
        private readonly StorePool _pool;
        private bool _stopped;

        private AccessServer(TempFolder folder, WebApplication app, StorePool pool, FakeTimeProvider time, HttpClient http)
        {
            _folder = folder;
            _app = app;
            _pool = pool;
            Time = time;
            Http = http;
        }

        public FakeTimeProvider Time { get; }

        public HttpClient Http { get; }

        public string StorePath => _pool.StorePath;

        public static async Task<AccessServer> StartAsync(ApiOptions? options = null)
        {
            var folder = new TempFolder();
            var pool = new StorePool(Path.Combine(folder.Path, "state", "monitor.db"));
            var time = new FakeTimeProvider(Now);
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddApiAccess(options ?? new ApiOptions { RequestLogFlush = TimeSpan.FromSeconds(1) }, pool, time);
            var app = builder.Build();
            app.UseApiAccess();
            app.MapGet("/api/v1/scores", () => "评分").RequireScope(ApiScope.Scores);
            app.MapGet("/api/v1/findings", () => "问题").RequireScope(ApiScope.Findings);
            app.MapGroup("/api/v1/evidence").RequireScope(ApiScope.Evidence).MapGet("/{sha}", (string sha) => sha);
            app.MapGet("/api/v1/caller", (HttpContext http) =>
                http.GetApiCaller() is { } c ? $"{c.KeyId} {c.Name} {string.Join(',', c.Scopes.Select(s => s.ToWire()))}" : "none");
            app.MapGet("/api/v1/etag", (HttpContext http) =>
                http.Request.Headers.IfNoneMatch == "\"v1\"" ? Results.StatusCode(304) : Results.Text("v1"));
            app.MapGet("/api/v1/bad", () => Results.BadRequest("坏参数"));
            app.MapGet("/api/v1/boom", IResult () => throw new InvalidOperationException("测试用的异常"));
            app.MapGet("/api/v1/openapi.json", () => Results.Text("{}", "application/json"));
            app.MapGet("/health", () => "ok");
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
            return new AccessServer(folder, app, pool, time, http);
        }

        /// <summary>Stores a new key and gives its token.</summary>
        public string AddKey(IReadOnlyList<ApiScope> scopes, DateTimeOffset? expiresAt = null, int? rateLimit = null, string name = "测试密钥")
        {
            var key = ApiKeys.Create(name, scopes, Now.AddDays(-1), expiresAt, rateLimit);
            using var lease = _pool.Rent();
            lease.Store.InsertApiKey(key.Record);
            return key.Token;
        }

        public void Revoke(string token)
        {
            using var lease = _pool.Rent();
            Assert.Equal(MonitorStore.KeyRevocation.Revoked, lease.Store.RevokeApiKey(Id(token), Now.AddMinutes(-1)).Outcome);
        }

        public async Task<HttpResponseMessage> Get(string pathAndQuery, string? key, string? ifNoneMatch = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
            if (key is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
            }

            if (ifNoneMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            }

            return await Http.SendAsync(request);
        }

        /// <summary>Stops the host, which flushes the request log.</summary>
        public async Task StopAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _app.StopAsync(timeout.Token);
            _stopped = true;
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            if (!_stopped)
            {
                await StopAsync();
            }

            await _app.DisposeAsync();
            _pool.Dispose();
            _folder.Dispose();
        }
    }
}
