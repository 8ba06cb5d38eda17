using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Tests.Support;

namespace Monitor.RuleEngine.Tests.Loading;

/// <summary>
/// Guards "bad input gets a clear error": each broken file yields an error naming the file, the
/// 1-based line and column, the key path and the item id, and the rule set is not handed out.
/// </summary>
public sealed class BrokenRuleFileTests
{
    private static RuleSetLoadResult LoadCase(string caseName)
    {
        using var rules = OverlaidRules.Broken(caseName);
        return RuleSetLoader.Load(rules.Directory);
    }

    private static RuleLoadError Single(RuleSetLoadResult result)
    {
        Assert.Null(result.RuleSet);
        Assert.False(result.Succeeded);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void A_deadline_of_zero_days_is_reported_at_its_line_with_the_item_id()
    {
        var error = Single(LoadCase("bad-deadline-days"));
        Assert.Equal("rules/catalog/zztest.yaml:16:7: items[0].deadline.days (zztest-a): 必须是正整数", error.ToString());
    }

    [Fact]
    public void An_unknown_key_is_an_error_not_silently_dropped()
    {
        var error = Single(LoadCase("unknown-key"));
        Assert.Equal(("rules/catalog/zztest.yaml", 21, 5, "items[0].colour", "zztest-a"), (error.File, error.Line, error.Column, error.Key, error.RuleId));
        Assert.Contains("未知字段", error.Message);
    }

    [Fact]
    public void An_invalid_title_regex_names_the_pattern()
    {
        var error = Single(LoadCase("invalid-regex"));
        Assert.Equal(("rules/catalog/zztest.yaml", 22, 22, "items[0].match.titles[1]", "zztest-a"), (error.File, error.Line, error.Column, error.Key, error.RuleId));
        Assert.Contains("摇号(公告", error.Message);
    }

    [Fact]
    public void A_yaml_syntax_error_gives_file_and_line()
    {
        var error = Single(LoadCase("yaml-syntax"));
        Assert.Equal("rules/catalog/zztest.yaml", error.File);
        Assert.Equal(15, error.Line);
        Assert.StartsWith("YAML 语法错误", error.Message);
    }

    [Fact]
    public void A_duplicate_item_id_across_files_points_at_both_places()
    {
        var error = Single(LoadCase("duplicate-id"));
        Assert.Equal(("rules/catalog/zztest.yaml", 6, 5, "items[0].id", "bzxzf-zcwj"), (error.File, error.Line, error.Column, error.Key, error.RuleId));
        // The catalog file is edited as the area grows: look the first definition's line up rather than pin it.
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Rules, "catalog", "bzxzf.yaml"));
        var line = Array.FindIndex(lines, l => l.Trim() == "- id: bzxzf-zcwj") + 1;
        Assert.True(line > 0);
        Assert.Contains($"rules/catalog/bzxzf.yaml:{line}", error.Message);
    }

    [Fact]
    public void A_calendar_date_outside_its_year_is_rejected()
    {
        var error = Single(LoadCase("bad-calendar-date"));
        Assert.Equal(("rules/calendar/cn/2030.yaml", 6, 7, "days[1].date"), (error.File, error.Line, error.Column, error.Key));
        Assert.Contains("2031-05-01", error.Message);
    }

    [Theory]
    [InlineData("rules/x.yaml", 3, 5, "", null, "rules/x.yaml:3:5: YAML 语法错误")]
    [InlineData("rules/x.yaml", 0, 0, "", null, "rules/x.yaml: YAML 语法错误")]
    [InlineData("rules/x.yaml", 2, 1, "timeZone", null, "rules/x.yaml:2:1: timeZone: YAML 语法错误")]
    public void Errors_print_like_compiler_messages(string file, int line, int column, string key, string? ruleId, string expected)
    {
        Assert.Equal(expected, new RuleLoadError(file, line, column, key, ruleId, "YAML 语法错误").ToString());
    }
}
