using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Monitor.Host.Api;

/// <summary>
/// The assessor API's composition, callable without the rest of <c>monitor serve</c> (tests start it alone on Kestrel):
/// <see cref="CreateBuilder"/> gives a web host with no configuration sources of its own (deployment.yaml is the one
/// configuration; no appsettings.json, no environment overrides) listening on <c>api.url</c>; <see cref="Configure"/> adds
/// the API's services and <see cref="Map"/> its pipeline and endpoints under <see cref="ApiLinks.Prefix"/>.
/// </summary>
internal static class ApiHost
{
    /// <summary>Where the OpenAPI document is served (public: no key needed).</summary>
    public const string OpenApiPath = ApiLinks.Prefix + "/openapi.json";

    /// <summary>An empty web host (Kestrel only) listening on <paramref name="url"/>, with the API configured.</summary>
    public static WebApplicationBuilder CreateBuilder(ApiContext context, string contentRoot, Uri url)
    {
        ArgumentNullException.ThrowIfNull(context);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = "monitor",
            ContentRootPath = contentRoot,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.AddServerHeader = false);
        builder.WebHost.UseUrls(url.GetLeftPart(UriPartial.Authority));
        Configure(builder, context);
        return builder;
    }

    /// <summary>The API's services: routing, the context, access control (keys, scopes, rate limit, request log), OpenAPI.</summary>
    public static void Configure(WebApplicationBuilder builder, ApiContext context)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(context);
        builder.Services.AddRouting();
        builder.Services.AddSingleton(context);
        builder.Services.AddApiAccess(context.Options, context.Pool, context.Time);
        ApiOpenApi.Add(builder.Services);
    }

    /// <summary>The pipeline (access, error boundary) and every endpoint.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var context = app.Services.GetRequiredService<ApiContext>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Monitor.Host.Api");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (context.Options.PublicUrl is null && context.Options.Url.Port == 0 && BoundAddress(app) is { } bound)
            {
                context.LinkBase = bound;
            }
        });

        app.UseRouting();
        app.UseApiAccess();
        app.Use(async (http, next) =>
        {
            // The one boundary of a request: a failure is logged once with the request and answered as a problem.
            try
            {
                await next(http).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                // The client went away: nothing to answer.
            }
            catch (Exception e)
            {
                log.LogError(e, "API request {Method} {Path} failed", http.Request.Method, http.Request.Path.Value);
                if (!http.Response.HasStarted)
                {
                    http.Response.Clear();
                    await ApiProblem.WriteAsync(http, StatusCodes.Status500InternalServerError, "服务器内部错误", "处理请求时出错，详情见服务日志").ConfigureAwait(false);
                }
            }
        });

        app.Use(ApiOpenApi.WithETag());

        var v1 = app.MapGroup(ApiLinks.Prefix);
        ApiPeriodsEndpoints.Map(v1);
        ApiScoresEndpoints.Map(v1);
        ApiFindingsEndpoints.Map(v1);
        ApiCatalogEndpoints.Map(v1);
        ApiSourcesEndpoints.Map(v1);
        ApiDocumentsEndpoints.Map(v1);
        ApiEvidenceEndpoints.Map(v1);
        ApiDeliveriesEndpoints.Map(v1);
        ApiOpenApi.Map(app);
        v1.MapFallback("{**path}", (HttpContext http) => ApiProblem.NotFound($"没有这个接口：{http.Request.Method} {http.Request.Path}"))
            .ExcludeFromDescription();
    }

    /// <summary>The address Kestrel bound (with the port it picked for port 0), as <c>http://host:port/</c>; null before start.</summary>
    public static Uri? BoundAddress(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var addresses = host.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        return addresses?.FirstOrDefault() is { } first ? new Uri(first.EndsWith('/') ? first : first + "/") : null;
    }
}
