using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Monitor.Host.Tests.Support;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Api;

/// <summary>
/// A real <c>monitor serve</c> process answering the API over the demo data, the way an assessor meets it: the sample
/// portal scanned once by <c>monitor scan</c> (as of 2026-12-01), the period <c>2026-11</c> frozen by
/// <c>monitor periods freeze</c>, keys made with <c>monitor keys create</c>, then <c>monitor serve</c> with <c>api.url</c> on a
/// free loopback port. Every step is the built executable in its own process.
/// </summary>
public sealed class ServeApiFixture : IAsyncLifetime
{
    public const string Period = "2026-11";

    private readonly TempFolder _folder = new();
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _serve;

    internal SamplePortalServer Portal { get; private set; } = null!;

    public string Folder => _folder.Path;

    public string Config => Path.Combine(_folder.Path, "config");

    public string State => Path.Combine(_folder.Path, "state");

    public Uri BaseUrl { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Key id → full key text, by the name the fixture gave each.</summary>
    public Dictionary<string, (string Id, string Key)> Keys { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        Portal = await SamplePortalServer.StartAsync(new PortalOptions { AsOf = DemoHarness.AsOf });
        Directory.CreateDirectory(Config);
        foreach (var file in Directory.GetFiles(RepoPaths.SampleConfig))
        {
            File.Copy(file, Path.Combine(Config, Path.GetFileName(file)));
        }

        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        var deployment = Path.Combine(Config, "deployment.yaml");
        File.WriteAllText(deployment, File.ReadAllText(deployment).Replace("baseUrl: http://127.0.0.1:8080/", "baseUrl: " + Portal.BaseUrl, StringComparison.Ordinal) + $"""

            api:
              url: http://127.0.0.1:{port}
              rateLimit: 100000
              requestLogFlush: 200ms
            """);

        await Run("scan", "--config", Config, "--as-of", "2026-12-01", "--out", Path.Combine(_folder.Path, "out"), "--state", State, "--rules", RepoPaths.Rules);
        await Run("periods", "freeze", Period, "--config", Config, "--state", State, "--rules", RepoPaths.Rules, "--by", "第三方评估组");
        await CreateKey("all", "--scopes", "all");
        await CreateKey("scores", "--scopes", "scores");
        await CreateKey("findings", "--scopes", "findings");
        await CreateKey("to-revoke", "--scopes", "scores");
        await CreateKey("limited", "--scopes", "scores", "--rate-limit", "3");
        await CreateKey("expired", "--scopes", "scores", "--expires", "1d");
        // Time passes for that key only: its expiry moves into the past (a key cannot be created already expired).
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(State, "monitor.db"), Pooling = false }.ToString()))
        {
            connection.Open();
            using var age = connection.CreateCommand();
            age.CommandText = "UPDATE api_keys SET expires_at = '2026-01-01T00:00:00.000+00:00' WHERE id = $id";
            age.Parameters.AddWithValue("$id", Keys["expired"].Id);
            Assert.Equal(1, age.ExecuteNonQuery());
        }

        _serve = MonitorProcess.Start(_folder.Path, _output, "serve", "--config", Config, "--state", State, "--rules", RepoPaths.Rules);
        using var ready = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            try
            {
                using var response = await Http.GetAsync(new Uri(BaseUrl, "api/v1/openapi.json"), ready.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (!ready.IsCancellationRequested && !_serve.HasExited)
            {
            }

            if (_serve.HasExited || ready.IsCancellationRequested)
            {
                throw new InvalidOperationException("monitor serve did not answer the API:\n" + Output());
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ready.Token);
        }
    }

    public async Task DisposeAsync()
    {
        if (_serve is { HasExited: false })
        {
            _serve.Kill(entireProcessTree: true);
            await _serve.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        }

        _serve?.Dispose();
        Http.Dispose();
        await Portal.DisposeAsync();
        _folder.Dispose();
    }

    public string Output() => string.Join(Environment.NewLine, _output.TakeLast(80));

    /// <summary>Runs <c>monitor ARGS</c>; fails the test with its output unless it exits 0.</summary>
    internal async Task<MonitorProcess.Result> Run(params string[] args)
    {
        var result = await MonitorProcess.RunAsync(_folder.Path, args);
        Assert.True(result.ExitCode == 0, $"monitor {string.Join(' ', args)} exited {result.ExitCode}:\n{result.Output}\n{result.Error}");
        return result;
    }

    /// <summary>GET with the named key (or none when null).</summary>
    public async Task<HttpResponseMessage> Get(string pathAndQuery, string? keyName, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUrl, pathAndQuery.TrimStart('/')));
        if (keyName is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Keys[keyName].Key);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>GET that must answer 200; gives the body bytes.</summary>
    public async Task<byte[]> Bytes(string pathAndQuery, string keyName = "all")
    {
        using var response = await Get(pathAndQuery, keyName);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {pathAndQuery}: {(int)response.StatusCode}\n{System.Text.Encoding.UTF8.GetString(body)}");
        return body;
    }

    private async Task CreateKey(string name, params string[] options)
    {
        var result = await Run(["keys", "create", "--state", State, "--name", name, .. options]);
        var match = Regex.Match(result.Output, @"mk_([0-9a-f]{12})_[A-Za-z0-9_-]+");
        Assert.True(match.Success, "no key in the output of monitor keys create:\n" + result.Output);
        Keys[name] = (match.Groups[1].Value, match.Value);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string Iso(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);
}
