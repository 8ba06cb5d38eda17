using System.CommandLine;
using System.Globalization;
using Monitor.RuleEngine.Loading;

namespace Monitor.Host.Cli;

/// <summary><c>monitor rules …</c>: work with the disclosure catalog and calendars.</summary>
internal static class RulesCommands
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var dir = new Argument<string?>("dir") { Description = "Rules folder (default: ./rules)", Arity = ArgumentArity.ZeroOrOne };
        var check = new Command("check", "Validate catalog, site-check and calendar files; errors name file, line and key") { dir };
        check.SetAction(result =>
        {
            var path = result.GetValue(dir) ?? ProductPaths.Rules;
            var loaded = RuleSetLoader.Load(path);
            foreach (var warning in loaded.Warnings)
            {
                output.WriteLine($"提示：{warning}");
            }

            if (loaded.Errors.Count > 0)
            {
                foreach (var e in loaded.Errors)
                {
                    error.WriteLine(e.ToString());
                }

                error.WriteLine($"规则检查未通过：{loaded.Errors.Count} 处错误（{path}）");
                return CommandLine.BadInput;
            }

            var rules = loaded.RuleSet!;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"规则检查通过：版本 {rules.Version}，{rules.Items.Count()} 个公开事项，节假日数据覆盖 {string.Join("、", CoveredRanges(loaded.Calendar!.YearsCovered))} 年（{path}）"));
            return CommandLine.Ok;
        });
        var rulesCommand = new Command("rules", "Work with the disclosure catalog and calendars");
        rulesCommand.Subcommands.Add(check);
        return rulesCommand;
    }

    private static IEnumerable<string> CoveredRanges(IReadOnlyList<int> years)
    {
        var sorted = years.Order().ToList();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            yield return i == j ? sorted[i].ToString(CultureInfo.InvariantCulture) : $"{sorted[i]}–{sorted[j]}";
            i = j + 1;
        }
    }
}
