using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Monitor.Host.Tests.Metrics;
using Monitor.Host.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Monitor.Host.Tests.Dashboards;

/// <summary>
/// Dashboards validate against the JSON Schema generated from npm <c>@grafana/schema</c>'s Dashboard type
/// (scripts/test.sh generates it; ajv validates, scripts/grafana-schema/validate.mjs), and the provisioning
/// files against the project's own small schemas.
/// </summary>
public sealed class DashboardSchemaTests
{
    private static string ScriptFolder => Path.Combine(RepoPaths.Root, "scripts", "grafana-schema");

    [ServerFact(TestServers.GrafanaSchema)]
    public async Task Every_dashboard_validates_against_the_schema_generated_from_grafana_schema()
    {
        var files = DashboardFiles.All();
        Assert.Equal(6, files.Count);
        var (exit, report) = await ValidateAsync(files);
        var errors = report.Where(r => r.Value.Count > 0).Select(r => $"{Path.GetFileName(r.Key)}: {string.Join("; ", r.Value)}").ToList();
        Assert.True(errors.Count == 0 && exit == 0, string.Join("\n", errors));
        Assert.Equal(files.Count, report.Count);
    }

    [ServerFact(TestServers.GrafanaSchema)]
    public async Task The_schema_check_catches_a_missing_grid_height_a_misspelt_property_and_a_wrong_enum_type()
    {
        var (exit, report) = await ValidateAsync([Path.Combine(RepoPaths.Root, "tests", "Host.Tests", "Dashboards", "Fixtures", "broken-dashboard.json")]);
        var errors = string.Join("\n", report.Single().Value);
        Assert.Equal(1, exit);
        Assert.Contains("gridPos", errors, StringComparison.Ordinal);
        Assert.Contains("fieldconfig", errors, StringComparison.Ordinal);
        Assert.Contains("graphTooltip", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_dashboard_has_a_Chinese_title_a_unique_uid_and_InfluxQL_targets_on_the_provisioned_datasource()
    {
        var uids = new HashSet<string>(StringComparer.Ordinal);
        var titles = new List<string>();
        foreach (var file in DashboardFiles.All())
        {
            var d = JsonNode.Parse(File.ReadAllText(file))!;
            Assert.True(uids.Add(d["uid"]!.GetValue<string>()), file);
            titles.Add(d["title"]!.GetValue<string>());
            foreach (var panel in d["panels"]!.AsArray())
            {
                Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", panel!["title"]!.GetValue<string>());
                foreach (var target in panel["targets"]!.AsArray())
                {
                    Assert.Equal("monitor-influxdb", target!["datasource"]!["uid"]!.GetValue<string>());
                    Assert.True(target["rawQuery"]!.GetValue<bool>());
                    Assert.StartsWith("SELECT ", target["query"]!.GetValue<string>(), StringComparison.Ordinal);
                }
            }
        }

        Assert.Equal(["告警", "栏目与新媒体", "采集健康", "部门", "事项", "总览"], titles);
    }

    [Theory]
    [InlineData("datasources/influxdb.yaml", "datasources.schema.json")]
    [InlineData("dashboards/monitor.yaml", "dashboards.schema.json")]
    public void Provisioning_files_validate_against_their_schemas(string file, string schema)
    {
        var result = Evaluate(Path.Combine(RepoPaths.Root, "dashboards", "provisioning", file), schema);
        Assert.True(result.IsValid, string.Join("\n", Flatten(result)));
    }

    [Fact]
    public void The_provisioning_schema_rejects_an_unknown_key_and_a_wrong_datasource_type()
    {
        var folder = new TempFolder();
        using (folder)
        {
            var path = Path.Combine(folder.Path, "bad.yaml");
            File.WriteAllText(path, "apiVersion: 1\ndatasources:\n  - name: x\n    type: prometheus\n    access: proxy\n    url: http://x\n    jsondata: {}\n");
            var result = Evaluate(path, "datasources.schema.json");
            Assert.False(result.IsValid);
            var text = string.Join("\n", Flatten(result));
            Assert.Contains("/datasources/0/type", text, StringComparison.Ordinal);
            Assert.Contains("jsondata", text, StringComparison.Ordinal);
        }
    }

    private static EvaluationResults Evaluate(string yamlPath, string schemaName)
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(ScriptFolder, "provisioning", schemaName)), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var stream = new YamlStream();
        using (var reader = new StreamReader(yamlPath))
        {
            stream.Load(reader);
        }

        var json = JsonSerializer.SerializeToElement(ToJson(stream.Documents[0].RootNode));
        return schema.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static IEnumerable<string> Flatten(EvaluationResults results) =>
        (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"));

    /// <summary>YAML → JSON with YAML 1.2 core scalars (integers and booleans typed, the rest strings).</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "true" or "false" } s => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when long.TryParse(s.Value, out var n) => JsonValue.Create(n),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => null,
    };

    private static async Task<(int Exit, Dictionary<string, List<string>> Report)> ValidateAsync(IReadOnlyList<string> files)
    {
        var schema = TestServers.Require(TestServers.GrafanaSchema);
        var start = new ProcessStartInfo("node") { WorkingDirectory = ScriptFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("validate.mjs");
        start.ArgumentList.Add(schema);
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode is 0 or 1, $"validate.mjs failed to run ({process.ExitCode}): {error}");
        return (process.ExitCode, JsonSerializer.Deserialize<Dictionary<string, List<string>>>(output)!);
    }
}
