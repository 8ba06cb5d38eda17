using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Monitor.Host.Tests.Metrics;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Dashboards;

/// <summary>
/// Every panel query (and template variable query) of every provisioned dashboard is executed on the real
/// InfluxDB 1.6 after the demo scan's points were written there, with Grafana's macros substituted as
/// Grafana does: none may error, and each panel that should show data does.
/// </summary>
public sealed partial class DashboardQueryTests(DemoMetricsFixture fixture) : IClassFixture<DemoMetricsFixture>
{
    /// <summary>Panels that stay empty on the demo's data, with the reason; every other panel must return rows.</summary>
    private static readonly Dictionary<(string Dashboard, string Panel), string> ExpectedEmpty = new()
    {
        [("monitor-columns", "公众号不更新")] = "the sample deployment has no WeChat account sources yet",
        [("monitor-columns", "微信公众号更新情况")] = "the sample deployment has no WeChat account sources yet",
    };

    public static TheoryData<string> Dashboards() => [.. DashboardFiles.All().Select(f => Path.GetFileName(f))];

    [ServerFact(TestServers.Influx1)]
    public async Task The_demo_points_were_written_to_InfluxDB_by_the_scan_itself()
    {
        TestServers.Require(TestServers.Influx1);
        Assert.Null(fixture.SetupError);
        Assert.NotNull(fixture.Demo.Scan.Metrics);
        Assert.True(fixture.Demo.Scan.Metrics!.Written > 100, $"only {fixture.Demo.Scan.Metrics.Written} points written");
        Assert.Equal(0, fixture.Demo.Scan.Metrics.Pending);
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task Every_panel_query_runs_on_InfluxDB_1_6_and_panels_that_should_show_data_do(string file)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestServers.Influx1)) && !TestServers.IsCi)
        {
            return; // Locally without scripts/test.sh; ServerFact cannot be a theory here, and CI=true never takes this path.
        }

        TestServers.Require(TestServers.Influx1);
        Assert.Null(fixture.SetupError);
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(DashboardFiles.Folder, file)))!.AsObject();
        var uid = dashboard["uid"]!.GetValue<string>();
        using var influx = new InfluxQl(TestServers.Url(TestServers.Influx1));

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in dashboard["templating"]?["list"]?.AsArray() ?? [])
        {
            var name = variable!["name"]!.GetValue<string>();
            var result = await influx.QueryAsync(fixture.Database, variable["query"]!.GetValue<string>());
            Assert.True(result.Error is null, $"{file} variable {name}: {result.Error}");
            var values = result.Series.SelectMany(s => s.Values).Select(v => v[^1]!.GetValue<string>()).ToList();
            Assert.True(values.Count > 0, $"{file} variable {name} has no values");
            // The department with the most findings makes the 部门 dashboard's panels meaningful.
            variables[name] = values.Contains("jyj", StringComparer.Ordinal) ? "jyj" : values[0];
        }

        var problems = new List<string>();
        foreach (var panel in dashboard["panels"]!.AsArray())
        {
            var title = panel!["title"]!.GetValue<string>();
            var rows = 0;
            foreach (var target in panel["targets"]!.AsArray())
            {
                var query = Substitute(target!["query"]!.GetValue<string>(), variables);
                var result = await influx.QueryAsync(fixture.Database, query);
                if (result.Error is not null)
                {
                    problems.Add($"{title}: {result.Error} in {query}");
                }

                rows += result.Series.Sum(s => s.Values.Count(v => v.Skip(1).Any(x => x is not null)));
            }

            var expectEmpty = ExpectedEmpty.ContainsKey((uid, title));
            if (rows == 0 && !expectEmpty)
            {
                problems.Add($"{title}: no data");
            }
            else if (rows > 0 && expectEmpty)
            {
                problems.Add($"{title}: shows data but is listed as expected empty");
            }
        }

        Assert.True(problems.Count == 0, file + ":\n" + string.Join("\n", problems));
    }

    /// <summary>Grafana's InfluxQL macros for a 60-day range ending the day after the demo, with $__interval = 1d (the panels' minimum).</summary>
    internal static string Substitute(string query, IReadOnlyDictionary<string, string> variables)
    {
        var to = Monitor.Alerting.ChinaTime.StartOf(DemoHarness.AsOf.AddDays(1)).ToUnixTimeMilliseconds();
        var from = Monitor.Alerting.ChinaTime.StartOf(DemoHarness.AsOf.AddDays(-60)).ToUnixTimeMilliseconds();
        var text = query
            .Replace("$timeFilter", string.Create(CultureInfo.InvariantCulture, $"time >= {from}ms and time <= {to}ms"), StringComparison.Ordinal)
            .Replace("$__interval_ms", "86400000", StringComparison.Ordinal)
            .Replace("$__interval", "1d", StringComparison.Ordinal);
        foreach (var (name, value) in variables)
        {
            text = text.Replace("$" + name, value, StringComparison.Ordinal).Replace("${" + name + "}", value, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(LeftoverVariable(), text);
        return text;
    }

    [GeneratedRegex(@"\$[A-Za-z_{]")]
    private static partial Regex LeftoverVariable();
}

/// <summary>The provisioned dashboard files.</summary>
internal static class DashboardFiles
{
    public static string Folder => Path.Combine(RepoPaths.Root, "dashboards");

    public static IReadOnlyList<string> All() => [.. Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal)];
}
