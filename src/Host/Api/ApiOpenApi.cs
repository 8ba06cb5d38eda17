using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Monitor.Host.Api;

/// <summary>
/// The OpenAPI 3.1 document of the API, generated from the endpoints (Microsoft.AspNetCore.OpenApi) with Chinese summaries,
/// the two ways to present a key (Bearer, X-Api-Key) and each operation's scope. It is served publicly at
/// <see cref="ApiHost.OpenApiPath"/> and committed as docs/openapi.json (a test keeps the two equal; docs/api.md says how to
/// regenerate it). The document names no server, so it is the same whatever address the API listens on.
/// </summary>
internal static class ApiOpenApi
{
    public const string DocumentName = "v1";
    public const string BearerScheme = "bearer";
    public const string HeaderScheme = "apiKey";

    public static void Add(IServiceCollection services) => services.AddOpenApi(DocumentName, o =>
    {
        o.AddDocumentTransformer((document, context, ct) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "政务公开合规监测 评估接口",
                Version = "v1",
                Description = """
                    供第三方评估机构与政务公开办使用的只读接口：评估期与评分、问题及其证据、目录与规则版本、来源、文档版本、证据原始字节与 WARC、告警投递记录，以及 CSV / Excel / JSON 导出与督查报告。
                    除本文档外，每个请求都需 API 密钥（monitor keys create 签发），以 Authorization: Bearer mk_… 或 X-Api-Key: mk_… 提交；缺少或无效返回 401，权限范围不足返回 403，超过频率限制返回 429。
                    权限范围：scores（评分、评估期导出与报告）、findings（问题、文档、问题导出）、evidence（证据）、deliveries（告警投递记录）；评估期、目录、规则版本与来源任何有效密钥可读。
                    列表接口分页：page 从 1 开始，pageSize 默认 100、最大 1000，响应含 items、page、pageSize、total、sort 与 Link: rel="next" 头；排序固定且以唯一键收尾，同一查询顺序不变。
                    每个 200 响应带强 ETag（响应体的 SHA-256）与 Cache-Control: private, no-cache；If-None-Match 命中返回 304。错误为 application/problem+json，标题与说明为中文，400 注明出错的参数。
                    """,
            };
            document.Servers = [];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "mk_<编号>_<密钥>",
                Description = "Authorization: Bearer mk_…（monitor keys create 签发的密钥）",
            };
            document.Components.SecuritySchemes[HeaderScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "X-Api-Key: mk_…（与 Bearer 二选一）",
            };
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, ct) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var scopes = metadata.OfType<ApiScopeRequirement>().Select(r => r.Scope.ToWire()).Distinct().ToList();
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [.. scopes] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HeaderScheme, context.Document)] = [.. scopes] },
            ];
            operation.Description += scopes.Count == 0 ? "\n\n权限：任何有效密钥。" : $"\n\n权限范围：{string.Join("、", scopes)}。";
            operation.Responses ??= [];
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "缺少 API 密钥，或密钥无效、已过期、已吊销" });
            operation.Responses.TryAdd("429", new OpenApiResponse { Description = "超过该密钥的频率限制（见 Retry-After）" });
            if (scopes.Count > 0)
            {
                operation.Responses.TryAdd("403", new OpenApiResponse { Description = "密钥没有所需的权限范围" });
            }

            return Task.CompletedTask;
        });
    });

    /// <summary>
    /// Serves the document at <see cref="ApiHost.OpenApiPath"/> with a strong ETag like every other answer (the generator writes
    /// the body; it is buffered here to hash it).
    /// </summary>
    public static void Map(WebApplication app)
    {
        app.MapOpenApi(ApiHost.OpenApiPath).ExcludeFromDescription();
    }

    /// <summary>
    /// Serves the generated document as an <see cref="ApiBody"/> (ETag, 304). The document does not change while the host
    /// runs, so it is generated once (generation takes tens of milliseconds, and the path is public) and the bytes reused.
    /// </summary>
    public static Func<HttpContext, RequestDelegate, Task> WithETag()
    {
        ApiBody? generated = null;
        return async (http, next) =>
        {
            if (!http.Request.Path.Equals(ApiHost.OpenApiPath, StringComparison.Ordinal))
            {
                await next(http).ConfigureAwait(false);
                return;
            }

            if (Volatile.Read(ref generated) is { } body)
            {
                await new ApiBodyResult(body).ExecuteAsync(http).ConfigureAwait(false);
                return;
            }

            var original = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await next(http).ConfigureAwait(false);
            }
            finally
            {
                http.Response.Body = original;
            }

            if (http.Response.StatusCode != StatusCodes.Status200OK)
            {
                buffer.Position = 0;
                await buffer.CopyToAsync(original, http.RequestAborted).ConfigureAwait(false);
                return;
            }

            body = ApiBody.Of(buffer.ToArray(), ApiBody.JsonType);
            Volatile.Write(ref generated, body);
            await new ApiBodyResult(body).ExecuteAsync(http).ConfigureAwait(false);
        };
    }
}
