using System.CommandLine;
using System.Globalization;
using Monitor.RuleEngine.Calendar;
using Monitor.RuleEngine.Loading;

namespace Monitor.Host.Cli;

/// <summary>
/// <c>monitor calendar …</c>: working-day arithmetic with the same <see cref="WorkingDayCalendar"/> the deadlines use,
/// loaded from the rules folder (so a year added as a data file counts at once).
/// <list type="bullet">
/// <item><c>add-workdays DATE N</c>: the N-th working day after DATE (DATE not counted), as yyyy-MM-dd.</item>
/// <item><c>workdays FROM TO</c>: how many working days lie after FROM up to and including TO.</item>
/// </list>
/// stdout carries only the answer so scripts can use it; when the range touches a year without official data
/// the answer is computed with weekends only and stderr says so (暂定). Bad arguments: Chinese message, exit 2.
/// </summary>
internal static class CalendarCommands
{
    /// <summary>Upper bound of N: about 400 years of working days, far beyond any legal time limit.</summary>
    private const int MaxWorkingDays = 100_000;

    public static Command Build(TextWriter output, TextWriter error)
    {
        var command = new Command("calendar", "Chinese working days (official holidays and make-up days), as used by the deadlines");
        command.Subcommands.Add(AddWorkdays(output, error));
        command.Subcommands.Add(Workdays(output, error));
        return command;
    }

    private static Option<string?> RulesOption() =>
        new("--rules") { Description = "Rules folder holding calendar/cn/<year>.yaml (default: ./rules, else the copy beside the executable)" };

    private static Command AddWorkdays(TextWriter output, TextWriter error)
    {
        // Arguments are optional to the parser and checked here, so a missing one gets a Chinese message and exit code 2.
        var date = new Argument<string?>("date") { Description = "Start date yyyy-MM-dd (not counted)", Arity = ArgumentArity.ZeroOrOne };
        var days = new Argument<string?>("n") { Description = "Number of working days (0 or more)", Arity = ArgumentArity.ZeroOrOne };
        var rules = RulesOption();
        var command = new Command("add-workdays", "Print the N-th working day after DATE (DATE itself not counted) as yyyy-MM-dd") { date, days, rules };
        command.SetAction(result =>
        {
            if (!TryDate(result.GetValue(date), "DATE", error, out var start) || !TryCount(result.GetValue(days), error, out var n))
            {
                return CommandLine.BadInput;
            }

            if (Load(result.GetValue(rules), error) is not { } calendar)
            {
                return CommandLine.BadInput;
            }

            WorkingDayResult answer;
            try
            {
                answer = calendar.AddWorkingDays(start, n);
            }
            catch (ArgumentOutOfRangeException)
            {
                error.WriteLine($"参数有误：从 {Format(start)} 起 {n} 个工作日超出了可表示的日期范围");
                return CommandLine.BadInput;
            }

            WarnIfProvisional(calendar, start, answer.Date, error);
            output.WriteLine(Format(answer.Date));
            return CommandLine.Ok;
        });
        return command;
    }

    private static Command Workdays(TextWriter output, TextWriter error)
    {
        var from = new Argument<string?>("from") { Description = "Start date yyyy-MM-dd (not counted)", Arity = ArgumentArity.ZeroOrOne };
        var to = new Argument<string?>("to") { Description = "End date yyyy-MM-dd (counted), not before FROM", Arity = ArgumentArity.ZeroOrOne };
        var rules = RulesOption();
        var command = new Command("workdays", "Print how many working days lie after FROM up to and including TO") { from, to, rules };
        command.SetAction(result =>
        {
            if (!TryDate(result.GetValue(from), "FROM", error, out var start) || !TryDate(result.GetValue(to), "TO", error, out var end))
            {
                return CommandLine.BadInput;
            }

            if (end < start)
            {
                error.WriteLine($"参数有误：TO（{Format(end)}）不能早于 FROM（{Format(start)}）");
                return CommandLine.BadInput;
            }

            if (Load(result.GetValue(rules), error) is not { } calendar)
            {
                return CommandLine.BadInput;
            }

            var count = calendar.CountWorkingDays(start, end);
            WarnIfProvisional(calendar, start, end, error);
            output.WriteLine(count.ToString(CultureInfo.InvariantCulture));
            return CommandLine.Ok;
        });
        return command;
    }

    private static WorkingDayCalendar? Load(string? rulesDirectory, TextWriter error)
    {
        var path = rulesDirectory ?? ProductPaths.Rules;
        var loaded = RuleSetLoader.Load(path);
        if (loaded.Succeeded)
        {
            return loaded.Calendar;
        }

        foreach (var e in loaded.Errors)
        {
            error.WriteLine(e.ToString());
        }

        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"规则检查未通过：{loaded.Errors.Count} 处错误（{path}）"));
        return null;
    }

    /// <summary>For each year in (start, end] without official data: the loader's warning, then one 暂定 line.</summary>
    private static void WarnIfProvisional(WorkingDayCalendar calendar, DateOnly startExclusive, DateOnly endInclusive, TextWriter error)
    {
        if (endInclusive <= startExclusive || !calendar.IsProvisional(startExclusive, endInclusive))
        {
            return;
        }

        var missing = Enumerable.Range(startExclusive.AddDays(1).Year, endInclusive.Year - startExclusive.AddDays(1).Year + 1)
            .Where(y => !calendar.HasData(y))
            .ToList();
        foreach (var year in missing)
        {
            error.WriteLine($"提示：{WorkingDayCalendar.MissingYearWarning(year)}");
        }

        error.WriteLine($"暂定：结果涉及 {string.Join("、", missing)} 年，按周末推算，待国务院办公厅通知发布后可能变化");
    }

    private static bool TryDate(string? text, string name, TextWriter error, out DateOnly date)
    {
        if (text is null)
        {
            error.WriteLine($"参数有误：缺少 {name}（yyyy-MM-dd 格式的日期）");
            date = default;
            return false;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        error.WriteLine($"参数有误：{name} 应为 yyyy-MM-dd 格式的日期，实际为 “{text}”");
        return false;
    }

    private static bool TryCount(string? text, TextWriter error, out int count)
    {
        if (text is null)
        {
            error.WriteLine("参数有误：缺少 N（工作日数）");
            count = 0;
            return false;
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out count) && count <= MaxWorkingDays)
        {
            return true;
        }

        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"参数有误：N 应为 0 到 {MaxWorkingDays} 之间的整数，实际为 “{text}”"));
        return false;
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
