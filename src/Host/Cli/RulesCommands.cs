using System.CommandLine;
using System.Globalization;
using Monitor.Host.Catalog;
using Monitor.Host.Configuration;
using Monitor.Host.Exports;
using Monitor.RuleEngine.Loading;

namespace Monitor.Host.Cli;

/// <summary>
/// <c>monitor rules …</c>: work with the disclosure catalog and calendars.
/// <list type="bullet">
/// <item><c>rules check [DIR] [--config DEPLOYMENT]</c>: validate; print item counts per area; with a deployment,
/// cross-reference it (unknown item ids or areas are errors) and report coverage. Exit 0, or 2 on errors.</item>
/// <item><c>rules table [DIR] [--area A] --format md|xlsx|html [--out FILE]</c>: the catalog in the 标准目录 layout.</item>
/// </list>
/// </summary>
internal static class RulesCommands
{
    private static readonly string[] Formats = ["md", "xlsx", "html"];

    public static Command Build(TextWriter output, TextWriter error)
    {
        var rulesCommand = new Command("rules", "Work with the disclosure catalog and calendars");
        rulesCommand.Subcommands.Add(CheckCommand(output, error));
        rulesCommand.Subcommands.Add(TableCommand(output, error));
        return rulesCommand;
    }

    private static Command CheckCommand(TextWriter output, TextWriter error)
    {
        var dir = new Argument<string?>("dir") { Description = "Rules folder (default: ./rules)", Arity = ArgumentArity.ZeroOrOne };
        var config = new Option<string?>("--config") { Description = "Deployment folder (e.g. config/sample): cross-reference its sources and departments and report coverage" };
        var check = new Command("check", "Validate catalog, site-check and calendar files; errors name file, line and key. Prints item counts per area; with --config, a coverage report") { dir, config };
        check.SetAction(async (result, ct) => await CommandLine.Guard(error, () =>
        {
            var path = result.GetValue(dir) ?? ProductPaths.Rules;
            var loaded = RuleSetLoader.Load(path);
            foreach (var warning in loaded.Warnings)
            {
                output.WriteLine($"提示：{warning}");
            }

            if (!Report(loaded, path, error))
            {
                return Task.FromResult(CommandLine.BadInput);
            }

            var rules = loaded.RuleSet!;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"规则检查通过：版本 {rules.Version}，{rules.Items.Count()} 个公开事项，节假日数据覆盖 {string.Join("、", CoveredRanges(loaded.Calendar!.YearsCovered))} 年（{path}）"));
            output.WriteLine();
            output.WriteLine("各领域事项数：");
            output.Write(AreaCount.Render(AreaCount.Of(rules)));

            if (result.GetValue(config) is not { } configDir)
            {
                return Task.FromResult(CommandLine.Ok);
            }

            var coverage = CoverageReport.Build(rules, DeploymentLoader.Load(configDir));
            output.WriteLine();
            output.Write(coverage.Render());
            if (coverage.Errors.Count == 0)
            {
                output.WriteLine();
                output.WriteLine("配置交叉引用检查通过（覆盖缺口仅作报告，不计为错误）。");
                return Task.FromResult(CommandLine.Ok);
            }

            foreach (var e in coverage.Errors)
            {
                error.WriteLine(e.ToString());
            }

            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"配置交叉引用检查未通过：{coverage.Errors.Count} 处错误（{configDir}）"));
            return Task.FromResult(CommandLine.BadInput);
        }).ConfigureAwait(false));
        return check;
    }

    private static Command TableCommand(TextWriter output, TextWriter error)
    {
        var dir = new Argument<string?>("dir") { Description = "Rules folder (default: ./rules)", Arity = ArgumentArity.ZeroOrOne };
        var area = new Option<string?>("--area") { Description = "Only this area (id such as bzxzf, or its Chinese name)" };
        var format = new Option<string?>("--format") { Description = "md (to stdout unless --out), xlsx (default file catalog.xlsx) or html (default file catalog.html)" };
        var outFile = new Option<string?>("--out") { Description = "Output file" };
        var table = new Command("table", "Render the catalog in the official 标准目录 layout, one table or worksheet per area") { dir, area, format, outFile };
        table.SetAction(async (result, ct) => await CommandLine.Guard(error, async () =>
        {
            var chosen = result.GetValue(format)?.Trim().ToLowerInvariant();
            if (chosen is null || !Formats.Contains(chosen))
            {
                error.WriteLine(chosen is null
                    ? "参数有误：请用 --format 指定输出格式：md、xlsx 或 html"
                    : $"参数有误：--format 应为 md、xlsx 或 html，实际为 “{result.GetValue(format)}”");
                return CommandLine.BadInput;
            }

            var path = result.GetValue(dir) ?? ProductPaths.Rules;
            var loaded = RuleSetLoader.Load(path);
            if (!Report(loaded, path, error))
            {
                return CommandLine.BadInput;
            }

            var rules = loaded.RuleSet!;
            var wanted = result.GetValue(area);
            if (CatalogTable.From(rules, wanted) is not { } catalog)
            {
                error.WriteLine($"参数有误：规则目录中没有领域 “{wanted}”（已有：{string.Join("、", rules.Areas.Select(a => $"{a.Id} {a.Name}"))}）");
                return CommandLine.BadInput;
            }

            var target = result.GetValue(outFile);
            switch (chosen)
            {
                case "md" when target is null:
                    output.Write(CatalogRenderings.Markdown(catalog));
                    return CommandLine.Ok;
                case "md":
                    await WriteTextAsync(target, CatalogRenderings.Markdown(catalog), ct).ConfigureAwait(false);
                    break;
                case "html":
                    target ??= "catalog.html";
                    await WriteTextAsync(target, CatalogRenderings.Html(catalog), ct).ConfigureAwait(false);
                    break;
                default:
                    target ??= "catalog.xlsx";
                    XlsxWriter.Write(target, CatalogRenderings.Worksheets(catalog));
                    break;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"已写入标准目录：{Path.GetFullPath(target)}（{catalog.Areas.Count} 个领域，{catalog.Areas.Sum(a => a.Rows.Count)} 个事项）"));
            return CommandLine.Ok;
        }).ConfigureAwait(false));
        return table;
    }

    /// <summary>Prints load errors like a compiler; false when there are any.</summary>
    private static bool Report(RuleSetLoadResult loaded, string path, TextWriter error)
    {
        if (loaded.Succeeded)
        {
            return true;
        }

        foreach (var e in loaded.Errors)
        {
            error.WriteLine(e.ToString());
        }

        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"规则检查未通过：{loaded.Errors.Count} 处错误（{path}）"));
        return false;
    }

    private static async Task WriteTextAsync(string path, string text, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await File.WriteAllTextAsync(path, text, ct).ConfigureAwait(false);
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
