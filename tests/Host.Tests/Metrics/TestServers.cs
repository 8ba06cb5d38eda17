using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Monitor.Host.Tests.Metrics;

/// <summary>
/// A fact that needs a server started by <c>scripts/test.sh</c> (named by its environment variable). Locally
/// it is skipped with the reason when the variable is unset; under <c>CI=true</c> it runs and fails
/// (<see cref="TestServers.Require"/>), because a missing server in CI is a failure, never a skip.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ServerFactAttribute : FactAttribute
{
    public ServerFactAttribute(params string[] variables)
    {
        var missing = variables.Where(v => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))).ToList();
        if (missing.Count > 0 && !TestServers.IsCi)
        {
            Skip = $"{string.Join(", ", missing)} not set: run scripts/test.sh, which starts the server";
        }
    }
}

/// <summary>The loopback servers scripts/test.sh starts, and small clients to read back what was written.</summary>
internal static class TestServers
{
    public const string Influx1 = "MONITOR_TEST_INFLUXDB1_URL";
    public const string Victoria = "MONITOR_TEST_VICTORIA_URL";
    public const string GrafanaSchema = "MONITOR_TEST_GRAFANA_SCHEMA";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Require(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value))
        {
            Assert.Fail($"{variable} is not set: scripts/test.sh must start this server (CI=true makes a missing server a failure)");
        }

        return value!;
    }

    public static Uri Url(string variable)
    {
        var text = Require(variable);
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>A free loopback port with nothing listening on it (a server that is down).</summary>
    public static int ClosedPort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }
}

/// <summary>InfluxQL over InfluxDB 1.x's <c>/query</c>: the same requests Grafana's InfluxQL datasource makes.</summary>
internal sealed class InfluxQl(Uri baseUrl) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..12];
        var result = await QueryAsync(null, $"CREATE DATABASE \"{name}\"");
        Assert.Null(result.Error);
        return name;
    }

    /// <summary>Runs one statement; <see cref="QueryResult.Error"/> carries InfluxDB's error text.</summary>
    public async Task<QueryResult> QueryAsync(string? database, string query)
    {
        var form = new Dictionary<string, string> { ["q"] = query, ["epoch"] = "s" };
        if (database is not null)
        {
            form["db"] = database;
        }

        using var response = await http.PostAsync("query", new FormUrlEncodedContent(form));
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonNode.Parse(text)!.AsObject();
        if (json["error"] is { } topError)
        {
            return new QueryResult(topError.GetValue<string>(), []);
        }

        var first = json["results"]![0]!.AsObject();
        if (first["error"] is { } error)
        {
            return new QueryResult(error.GetValue<string>(), []);
        }

        var series = first["series"] is JsonArray array
            ? array.Select(s => new Series(
                s!["name"]?.GetValue<string>() ?? "",
                s["tags"] is JsonObject tags ? tags.ToDictionary(t => t.Key, t => t.Value!.GetValue<string>()) : [],
                [.. s["columns"]!.AsArray().Select(c => c!.GetValue<string>())],
                [.. s["values"]!.AsArray().Select(v => (IReadOnlyList<JsonNode?>)[.. v!.AsArray()])])).ToList()
            : [];
        return new QueryResult(null, series);
    }

    public void Dispose() => http.Dispose();

    public sealed record QueryResult(string? Error, IReadOnlyList<Series> Series)
    {
        public int Rows => Series.Sum(s => s.Values.Count);
    }

    public sealed record Series(string Name, IReadOnlyDictionary<string, string> Tags, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<JsonNode?>> Values);
}

/// <summary>Reads exact samples back from VictoriaMetrics (<c>/api/v1/export</c>; a field becomes metric <c>measurement_field</c>).</summary>
internal sealed class VictoriaExport(Uri baseUrl) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Samples of series matching <paramref name="match"/>, polled until <paramref name="expected"/> series are there (at most ~15 s).</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<double> Values, IReadOnlyList<long> Timestamps)>> ExportAsync(string match, int expected)
    {
        var result = new List<(IReadOnlyDictionary<string, string>, IReadOnlyList<double>, IReadOnlyList<long>)>();
        for (var attempt = 0; attempt < 60; attempt++)
        {
            (await http.GetAsync("internal/force_flush")).Dispose();
            var text = await http.GetStringAsync("api/v1/export?match[]=" + Uri.EscapeDataString(match));
            result.Clear();
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var doc = JsonDocument.Parse(line);
                var labels = doc.RootElement.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
                var values = doc.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
                var stamps = doc.RootElement.GetProperty("timestamps").EnumerateArray().Select(v => v.GetInt64()).ToList();
                result.Add((labels, values, stamps));
            }

            if (result.Count >= expected)
            {
                break;
            }

            await Task.Delay(250);
        }

        return result;
    }

    public void Dispose() => http.Dispose();
}
