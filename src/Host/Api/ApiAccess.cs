using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monitor.Host.Api;

/// <summary>
/// Access control for the assessor API, as one piece the host plugs in:
/// <code>
/// builder.Services.AddApiAccess(options, pool, time);
/// var app = builder.Build();
/// app.UseApiAccess();                 // before the endpoints; after UseRouting if the host calls it explicitly
/// api.MapGet("/scores", …).RequireScope(ApiScope.Scores);
/// </code>
/// Under <c>/api</c> every request is recorded in the request log (<see cref="RequestLog"/>). Under <c>/api/v1</c>, except
/// the public <c>/api/v1/openapi.json</c>, a request needs a valid key (<c>Authorization: Bearer mk_…</c> or
/// <c>X-Api-Key: mk_…</c>), else 401 (an address that presented <see cref="ApiOptions.InvalidKeyLimitPerMinute"/> refused
/// keys within a minute gets 429 before any lookup); then the key's rate limit applies (429 with <c>Retry-After</c>); then the endpoint's
/// scopes (<see cref="ApiScopeRequirement"/> metadata), else 403. The valid key is available to handlers as
/// <see cref="GetApiCaller"/>.
/// </summary>
internal static class ApiAccess
{
    /// <summary>The OpenAPI document is public: clients read it before they have a key.</summary>
    public const string PublicDocument = ApiLinks.Prefix + "/openapi.json";

    private static readonly object CallerItem = new();

    /// <summary>
    /// Registers the key gate (with its per-key rate limiter) and the request log, whose background writer runs as a
    /// hosted service and flushes when the host stops. Keys are read from <paramref name="pool"/>'s store on every request
    /// (no cache), so a revocation takes effect at once, also one made by <c>monitor keys revoke</c> in another process.
    /// </summary>
    public static void AddApiAccess(this IServiceCollection services, ApiOptions options, StorePool pool, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(time);
        services.AddSingleton(_ => new ApiKeyGate(options, pool, time));
        services.AddSingleton(sp => new RequestLog(pool, options, time, sp.GetService<ILogger<RequestLog>>()));
        services.AddHostedService(sp => sp.GetRequiredService<RequestLog>());
    }

    /// <summary>
    /// Adds the request log and the key, rate-limit and scope checks for <c>/api</c> to the pipeline. Call it before the
    /// endpoints run and after routing (a <see cref="WebApplication"/> routes first unless the host calls
    /// <c>UseRouting</c> itself), so the endpoint's scope metadata is known.
    /// </summary>
    public static void UseApiAccess(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var log = app.Services.GetRequiredService<RequestLog>();
        var gate = app.Services.GetRequiredService<ApiKeyGate>();
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
            branch =>
            {
                branch.Use((context, next) => RecordAsync(context, next, log, gate.Time));
                branch.Use((context, next) => gate.InvokeAsync(context, next));
            });
    }

    /// <summary>The endpoint needs a key with this scope.</summary>
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder builder, ApiScope scope) =>
        builder.WithMetadata(new ApiScopeRequirement(scope));

    /// <summary>Every endpoint of the group needs a key with this scope (an endpoint may require more).</summary>
    public static RouteGroupBuilder RequireScope(this RouteGroupBuilder builder, ApiScope scope) =>
        builder.WithMetadata(new ApiScopeRequirement(scope));

    /// <summary>The valid key behind this request; null outside <c>/api/v1</c>, for the public document, and before the gate ran.</summary>
    public static ApiCaller? GetApiCaller(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(CallerItem, out var value) ? value as ApiCaller : null;
    }

    internal static void SetApiCaller(HttpContext context, ApiCaller caller) => context.Items[CallerItem] = caller;

    /// <summary>The request-log middleware: times the request, counts the body bytes sent, records any outcome.</summary>
    private static async Task RecordAsync(HttpContext context, RequestDelegate next, RequestLog log, TimeProvider time)
    {
        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        var counter = ResponseByteCounter.Attach(context);
        var failed = false;
        try
        {
            await next(context).ConfigureAwait(false);
            await counter.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Recorded as 500 below and rethrown untouched: the host's error handling answers and logs it.
            failed = true;
            throw;
        }
        finally
        {
            counter.Detach();
            var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var caller = context.GetApiCaller();
            var request = context.Request;
            await log.RecordAsync(new ApiRequestEntry(
                at,
                caller?.KeyId,
                caller?.Name,
                request.Method,
                RequestLog.Redact(request.PathBase.Add(request.Path).Value) ?? "/",
                request.QueryString.HasValue ? RequestLog.Redact(request.QueryString.Value) : null,
                status,
                RequestOutcomes.Of(status),
                Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 3),
                counter.Bytes,
                context.Connection.RemoteIpAddress?.ToString())).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// The key gate for <c>/api/v1</c>: key check (401), per-key rate limit (429), endpoint scopes (403). Answers are
/// <c>application/problem+json</c> with a Chinese title and detail; a refused key's answer says only "missing" or
/// "invalid or expired", never which part was wrong.
/// <para>
/// The rate limit is a token bucket per key (<see cref="System.Threading.RateLimiting"/>): a key may send up to its
/// limit at once, and the bucket refills at that many requests per minute, evenly. The limiters keep their own
/// monotonic clock (not <see cref="TimeProvider"/>) and live in memory: a restart gives every key a full bucket.
/// </para>
/// </summary>
internal sealed class ApiKeyGate : IDisposable
{
    private static readonly JsonSerializerOptions ProblemJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private readonly ApiOptions options;
    private readonly StorePool pool;
    private readonly TimeProvider time;
    private readonly PartitionedRateLimiter<ApiCaller> limiter;
    // Refused keys per client address: a client guessing or replaying keys is slowed down before each guess costs a lookup.
    private readonly PartitionedRateLimiter<string> refusals;

    public ApiKeyGate(ApiOptions options, StorePool pool, TimeProvider time)
    {
        this.options = options;
        this.pool = pool;
        this.time = time;
        limiter = PartitionedRateLimiter.Create<ApiCaller, (string KeyId, int PerMinute)>(caller =>
            RateLimitPartition.GetTokenBucketLimiter((caller.KeyId, PerMinute: caller.RateLimitPerMinute), key => Bucket(key.PerMinute)));
        refusals = PartitionedRateLimiter.Create<string, string>(address =>
            RateLimitPartition.GetTokenBucketLimiter(address, _ => Bucket(options.InvalidKeyLimitPerMinute)));
    }

    /// <summary>The clock given to <see cref="ApiAccess.AddApiAccess"/>: expiry and the request log's times.</summary>
    public TimeProvider Time => time;

    /// <summary>The bucket for a limit of <paramref name="perMinute"/> requests a minute.</summary>
    internal static TokenBucketRateLimiterOptions Bucket(int perMinute) => new()
    {
        TokenLimit = perMinute,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>Checks a request under <c>/api/v1</c> (others pass) and either answers it or calls <paramref name="next"/>.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments(ApiLinks.Prefix, StringComparison.OrdinalIgnoreCase)
            || path.Equals(ApiAccess.PublicDocument, StringComparison.OrdinalIgnoreCase))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "";
        if (ReadKey(context.Request).Present)
        {
            // Zero permits asks only whether the address has refusals left; it takes none.
            using var left = refusals.AttemptAcquire(address, 0);
            if (!left.IsAcquired)
            {
                await TooManyAsync(context, left, options.InvalidKeyLimitPerMinute,
                    seconds => $"此地址每分钟最多可提交 {options.InvalidKeyLimitPerMinute} 次无效的 API 密钥，已达上限，请 {seconds} 秒后重试。").ConfigureAwait(false);
                return;
            }
        }

        var check = Check(context.Request);
        if (check.Caller is not { } caller)
        {
            if (check.Outcome != ApiKeyOutcome.Missing)
            {
                refusals.AttemptAcquire(address).Dispose();
            }

            await RefuseAsync(context, check.Outcome).ConfigureAwait(false);
            return;
        }

        ApiAccess.SetApiCaller(context, caller);
        using (var lease = limiter.AttemptAcquire(caller))
        {
            if (!lease.IsAcquired)
            {
                await TooManyAsync(context, lease, caller.RateLimitPerMinute,
                    seconds => $"此 API 密钥每分钟最多可请求 {caller.RateLimitPerMinute} 次，已达上限，请 {seconds} 秒后重试。").ConfigureAwait(false);
                return;
            }
        }

        var missing = (context.GetEndpoint()?.Metadata.GetOrderedMetadata<ApiScopeRequirement>() ?? [])
            .Select(r => r.Scope).Where(s => !caller.Allows(s)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var names = string.Join("、", missing.Select(s => s.ToWire()));
            await WriteProblemAsync(context, StatusCodes.Status403Forbidden, "权限不足",
                $"此 API 密钥没有访问该接口所需的权限范围：{names}。请联系管理员签发含该权限的密钥。",
                missing.Select(s => s.ToWire()).ToList()).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    public void Dispose()
    {
        limiter.Dispose();
        refusals.Dispose();
    }

    /// <summary>429 with <c>Retry-After</c> (the limiter's wait, else one refill period) and a Chinese problem.</summary>
    private static Task TooManyAsync(HttpContext context, RateLimitLease lease, int perMinute, Func<int, string> detail)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1) / perMinute;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return WriteProblemAsync(context, StatusCodes.Status429TooManyRequests, "请求过于频繁", detail(seconds));
    }

    /// <summary>
    /// The presented key: <c>Authorization: Bearer …</c>, else <c>X-Api-Key</c>. An Authorization header of another scheme
    /// (with no X-Api-Key) counts as an invalid key, not a missing one.
    /// </summary>
    internal static (bool Present, string? Token) ReadKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0 && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (true, authorization["Bearer ".Length..].Trim());
        }

        var header = request.Headers["X-Api-Key"].ToString();
        if (header.Length > 0)
        {
            return (true, header.Trim());
        }

        return authorization.Length > 0 ? (true, authorization) : (false, null);
    }

    private ApiKeyCheck Check(HttpRequest request)
    {
        var (present, token) = ReadKey(request);
        if (!present)
        {
            return ApiKeyCheck.Refused(ApiKeyOutcome.Missing);
        }

        using var lease = pool.Rent();
        return ApiKeys.Verify(string.IsNullOrEmpty(token) ? "\0" : token, lease.Store.FindApiKey, time.GetUtcNow(), options.RateLimitPerMinute);
    }

    private static Task RefuseAsync(HttpContext context, ApiKeyOutcome outcome)
    {
        if (outcome == ApiKeyOutcome.Missing)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"monitor\"";
            return WriteProblemAsync(context, StatusCodes.Status401Unauthorized, "未认证",
                "请求未携带 API 密钥。请在请求头 Authorization（Bearer 方式）或 X-Api-Key 中提供。");
        }

        // Malformed, unknown id, wrong secret, revoked and expired all get this same answer.
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"monitor\", error=\"invalid_token\"";
        return WriteProblemAsync(context, StatusCodes.Status401Unauthorized, "未认证", "API 密钥无效或已过期。");
    }

    private static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail, IReadOnlyList<string>? scopes = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new AccessProblem("about:blank", title, status, detail, scopes), ProblemJson);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/problem+json; charset=utf-8";
        response.ContentLength = bytes.Length;
        response.Headers.CacheControl = "no-store";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>RFC 9457 problem; <paramref name="RequiredScopes"/> only on 403.</summary>
    private sealed record AccessProblem(string Type, string Title, int Status, string Detail,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        IReadOnlyList<string>? RequiredScopes);
}
