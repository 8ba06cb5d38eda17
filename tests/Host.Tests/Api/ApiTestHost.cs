using System.Net.Http.Headers;
using System.Text.Json;
using Monitor.Alerting;
using Monitor.Host.Api;
using Monitor.Host.Assessments;
using Monitor.Host.Configuration;
using Monitor.Host.Store;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Loading;
using Monitor.SamplePortal;
using Microsoft.AspNetCore.Builder;

namespace Monitor.Host.Tests.Api;

/// <summary>
/// The assessor API alone (no scheduler) on Kestrel at <c>http://127.0.0.1:0</c>, over a store filled by one real scan of the
/// sample portal (as of <see cref="DemoHarness.AsOf"/>), with a frozen period <see cref="Period"/> made from that scan, a
/// few alert deliveries in the audit log, and keys: <see cref="Client"/> holds every scope, <see cref="ClientWith"/> gives
/// others. Shared by the API endpoint test classes (one scan for all of them).
/// </summary>
public sealed class ApiTestHost : IAsyncLifetime
{
    /// <summary>The frozen period the host holds (November 2026).</summary>
    public const string Period = "2026-11";

    private readonly TempFolder _folder = new();
    private readonly List<HttpClient> _clients = [];
    private WebApplication _app = null!;
    private SamplePortalServer _portal = null!;

    public Uri BaseUrl { get; private set; } = null!;

    public string State => Path.Combine(_folder.Path, "state");

    public string StorePath => Path.Combine(State, "monitor.db");

    public string EvidenceDirectory => Path.Combine(State, "evidence");

    /// <summary>A client whose key holds every scope.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client without a key.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    internal Deployment Deployment { get; private set; } = null!;

    internal ApiContext Context { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _portal = await SamplePortalServer.StartAsync(new PortalOptions { AsOf = DemoHarness.AsOf });
        await SampleScan.RunAsync(_portal, _folder.Path);
        var deployment = DeploymentLoader.Load(RepoPaths.SampleConfig).WithBaseUrl(_portal.BaseUrl);
        // Port 0: links in answers must then name the port Kestrel picked.
        Deployment = deployment with { Api = deployment.Api with { Url = new Uri("http://127.0.0.1:0") } };
        var rules = RuleSetLoader.Load(RepoPaths.Rules).RuleSet!;
        var now = ChinaTime.StartOf(DemoHarness.AsOf).AddHours(9);
        using (var store = MonitorStore.Open(StorePath))
        {
            var live = store.LoadAssessment(Assessment.LiveId) ?? throw new InvalidOperationException("the scan saved no live assessment");
            var frozen = live with
            {
                Id = Period,
                Kind = Assessment.FrozenKind,
                From = "2026-11-01",
                To = "2026-11-30",
                FrozenAt = "2026-12-01T09:00:00+08:00",
                FrozenBy = "测试评估机构",
                RulesSha256 = new string('a', 64),
            };
            Assert.True(store.FreezeAssessment(frozen, [1, 2, 3], now));
            AddDeliveries(store, now);
        }

        var context = new ApiContext(Deployment, rules, new StorePool(StorePath), EvidenceDirectory, TimeProvider.System);
        var builder = ApiHost.CreateBuilder(context, _folder.Path, Deployment.Api.Url);
        _app = builder.Build();
        ApiHost.Map(_app);
        await _app.StartAsync();
        Context = context;
        BaseUrl = ApiHost.BoundAddress(_app) ?? throw new InvalidOperationException("Kestrel bound no address");
        Client = ClientWith(ApiScopes.All);
        Anonymous = NewClient(null);
    }

    /// <summary>A client whose key holds exactly <paramref name="scopes"/>.</summary>
    internal HttpClient ClientWith(IReadOnlyList<ApiScope> scopes)
    {
        var key = ApiKeys.Create("测试密钥 " + string.Join(",", scopes.Select(s => s.ToWire())), scopes, TimeProvider.System.GetUtcNow(), null, 1_000_000);
        using (var store = MonitorStore.Open(StorePath))
        {
            store.InsertApiKey(key.Record);
        }

        return NewClient(key.Token);
    }

    private HttpClient NewClient(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _clients.Add(client);
        return client;
    }

    /// <summary>GET <paramref name="path"/> with the all-scopes key; fails the test unless 200; the body parsed.</summary>
    public async Task<JsonElement> JsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Every item of a paged list, following <c>Link: rel="next"</c> from <paramref name="path"/>.</summary>
    public async Task<List<JsonElement>> AllPagesAsync(string path)
    {
        var items = new List<JsonElement>();
        string? next = path;
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 10_000, "paging does not end");
            using var response = await Client.GetAsync(next);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET {next}: {(int)response.StatusCode} {text}");
            var body = JsonDocument.Parse(text).RootElement;
            items.AddRange(body.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            next = response.Headers.TryGetValues("Link", out var links) ? NextLink(string.Join(",", links)) : null;
        }

        return items;
    }

    /// <summary>The target of <c>rel="next"</c> in a Link header, or null.</summary>
    public static string? NextLink(string header) =>
        header.Split(',').Select(l => l.Trim()).Where(l => l.EndsWith("rel=\"next\"", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf('<', StringComparison.Ordinal) + 1)..l.IndexOf('>', StringComparison.Ordinal)]).FirstOrDefault();

    /// <summary>Three deliveries: a sent e-mail, a failed SMS with its retry, on two days.</summary>
    private static void AddDeliveries(MonitorStore store, DateTimeOffset now)
    {
        var mail = new AlertMessage("m-1", "dedup-1", AlertLevel.Alert, new Recipient("fgj", "发改局联系人", ChannelKind.Email, "fgj@example.com"),
            "【告警】测试主题", "正文", null, ["f-1"], now, now);
        var sms = new AlertMessage("m-2", "dedup-2", AlertLevel.Warning, new Recipient("jyj", "教育局联系人", ChannelKind.Sms, "13800000000"),
            "【预警】短信", "正文", null, ["f-2"], now, now);
        Assert.True(store.EnqueueAlert(mail, now));
        Assert.True(store.EnqueueAlert(sms, now));
        var first = store.ClaimNextAlert(now, TimeSpan.FromMinutes(5))!;
        store.RecordAlertOutcome(first, new DeliveryResult(true, false, "provider-1", null, now.AddMinutes(1)), null);
        var second = store.ClaimNextAlert(now.AddMinutes(2), TimeSpan.FromMinutes(5))!;
        store.RecordAlertOutcome(second, new DeliveryResult(false, true, null, "网关超时", now.AddMinutes(2)), now.AddDays(1));
        var third = store.ClaimNextAlert(now.AddDays(1), TimeSpan.FromMinutes(5))!;
        store.RecordAlertOutcome(third, new DeliveryResult(true, false, "provider-2", null, now.AddDays(1)), null);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Context?.Pool.Dispose();
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }

        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiTestHost>
{
    public const string Name = "assessor API over a scanned sample portal";
}
