using Monitor.RuleEngine.Loading;

namespace Monitor.RuleEngine.Tests.Loading;

/// <summary>The JSON Schema is really evaluated and its failures are mapped back to YAML lines.</summary>
public sealed class SchemaCheckTests
{
    private static List<RuleLoadError> Check(string yaml, string schema)
    {
        var (tree, error) = YamlTree.Parse(yaml);
        Assert.Null(error);
        var errors = new List<RuleLoadError>();
        SchemaCheck.Validate(new RuleFileReader("rules/x.yaml", tree!, errors), schema);
        return errors;
    }

    [Fact]
    public void A_schema_violation_is_reported_at_the_line_of_the_offending_key()
    {
        var errors = Check("version: 2026.12.0\neffective: 2026-12-01\nname: 测试\ntimeZone: Europe/Berlin\n", "ruleset.schema.json");

        var error = Assert.Single(errors);
        Assert.Equal((4, 1, "timeZone"), (error.Line, error.Column, error.Key));
        Assert.StartsWith("取值不在允许范围内", error.Message);
    }

    [Fact]
    public void A_valid_file_passes_the_schema()
    {
        Assert.Empty(Check("version: 2026.12.0\neffective: 2026-12-01\nname: 测试\ntimeZone: Asia/Shanghai\n", "ruleset.schema.json"));
    }

    [Fact]
    public void Plain_yaml_numbers_and_booleans_become_json_numbers_and_booleans_but_quoted_ones_stay_strings()
    {
        var (tree, _) = YamlTree.Parse("a: 12\nb: true\nc: '12'\nd: 2026-12-01\ne: 2026.12.0\n");
        var root = tree!.Root!.AsObject();
        Assert.Equal(System.Text.Json.JsonValueKind.Number, root["a"]!.GetValueKind());
        Assert.Equal(System.Text.Json.JsonValueKind.True, root["b"]!.GetValueKind());
        Assert.Equal(System.Text.Json.JsonValueKind.String, root["c"]!.GetValueKind());
        Assert.Equal("2026-12-01", root["d"]!.GetValue<string>());
        Assert.Equal("2026.12.0", root["e"]!.GetValue<string>());
    }

    [Fact]
    public void A_key_written_twice_in_one_mapping_is_a_syntax_error_with_its_line()
    {
        var (tree, error) = YamlTree.Parse("year: 2026\nnotices: []\nyear: 2027\n");
        Assert.Null(tree);
        Assert.Equal(3, error!.Value.Line);
    }

    [Fact]
    public void A_derived_item_without_a_note_is_an_error()
    {
        var yaml = """
            area: zztest
            name: 测试
            guideline: 测试
            items:
              - id: zztest-a
                level1: 一
                level2: 二
                status: derived
                elements: []
                basis: [条例第二十六条]
                deadline: { kind: annual-by, month: 2, day: 29 }
                subject: 部门
                channels: []
                audience: 全社会
                mode: 主动
                level: [县级]
                match: { titles: ['测试'] }
            """;
        var (tree, _) = YamlTree.Parse(yaml);
        var errors = new List<RuleLoadError>();
        CatalogReader.Read(new RuleFileReader("rules/catalog/zztest.yaml", tree!, errors), 0);

        Assert.Equal(["items[0].deadline.day", "items[0].note"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Equal("zztest-a", e.RuleId));
        Assert.Contains(errors, e => e.Message.Contains("2月没有29日", StringComparison.Ordinal));
    }
}
