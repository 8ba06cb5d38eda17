using System.Globalization;
using System.Text.Json;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Calendar;
using Monitor.RuleEngine.Loading;

namespace Monitor.Host.Tests.Cli;

/// <summary>
/// <c>monitor calendar add-workdays / workdays</c>, and the calendar they use checked against the official
/// dates: the holiday-cn JSON files in Fixtures/holiday-cn (MIT), read here independently of our YAML.
/// </summary>
public sealed class CalendarCommandsTests
{
    private static readonly Lazy<WorkingDayCalendar> Calendar = new(() =>
    {
        var loaded = RuleSetLoader.Load(RepoPaths.Rules);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        return loaded.Calendar!;
    });

    private static readonly Lazy<Official> Dates = new(Official.Load);

    [Fact]
    public void The_official_data_covers_2007_to_2026()
    {
        Assert.Equal(Enumerable.Range(2007, 20), Dates.Value.Years);
        Assert.True(Dates.Value.Listed.Count > 600, $"only {Dates.Value.Listed.Count} listed days");
    }

    [Fact]
    public void Every_listed_official_day_2007_to_2026_has_the_same_working_day_status()
    {
        var wrong = Dates.Value.Listed
            .Where(kv => Calendar.Value.IsWorkingDay(kv.Key) != !kv.Value)
            .Select(kv => $"{kv.Key:yyyy-MM-dd} isOffDay={kv.Value}")
            .ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void Every_day_2007_to_2026_is_a_working_day_exactly_when_the_official_rule_says_so()
    {
        var wrong = new List<string>();
        for (var day = new DateOnly(2007, 1, 1); day <= new DateOnly(2026, 12, 31); day = day.AddDays(1))
        {
            if (Calendar.Value.IsWorkingDay(day) != Dates.Value.IsWorkingDay(day))
            {
                wrong.Add(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public void Random_spans_count_the_same_working_days_as_a_brute_force_count_over_the_official_data()
    {
        var random = new Random(20261201);
        var first = new DateOnly(2007, 1, 1).DayNumber;
        var last = new DateOnly(2026, 12, 31).DayNumber;
        for (var i = 0; i < 400; i++)
        {
            var length = i % 4 == 0 ? random.Next(0, 800) : random.Next(0, 60);
            var from = DateOnly.FromDayNumber(random.Next(first - 1, last - length));
            var to = from.AddDays(length);

            Assert.True(Dates.Value.Count(from, to) == Calendar.Value.CountWorkingDays(from, to), $"workdays {from:yyyy-MM-dd} {to:yyyy-MM-dd}");
            Assert.False(Calendar.Value.IsProvisional(from, to));
        }
    }

    [Fact]
    public void Random_additions_land_on_the_same_day_as_stepping_through_the_official_data()
    {
        var random = new Random(20070101);
        var first = new DateOnly(2007, 1, 1).DayNumber;
        var last = new DateOnly(2026, 10, 1).DayNumber;
        for (var i = 0; i < 400; i++)
        {
            var start = DateOnly.FromDayNumber(random.Next(first - 1, last));
            var n = i % 4 == 0 ? random.Next(0, 40) : random.Next(1, 25);

            var expected = Dates.Value.Add(start, n);
            var actual = Calendar.Value.AddWorkingDays(start, n);

            Assert.True(expected == actual.Date, $"add-workdays {start:yyyy-MM-dd} {n}: official {expected:yyyy-MM-dd}, ours {actual.Date:yyyy-MM-dd}");
            Assert.False(actual.Provisional);
            Assert.Equal(n, Dates.Value.Count(start, actual.Date));
        }
    }

    [Theory]
    [InlineData("2025-09-30", "1", "2025-10-09")] // 国庆、中秋 10-01..10-08
    [InlineData("2025-01-24", "1", "2025-01-26")] // a Friday: the next working day is the Sunday make-up day
    [InlineData("2025-01-24", "3", "2025-02-05")] // 春节 01-28..02-04
    [InlineData("2026-01-09", "1", "2026-01-12")] // a Friday in an ordinary week: Monday
    [InlineData("2025-09-30", "0", "2025-09-30")]
    public async Task Add_workdays_prints_the_nth_working_day_after_the_date(string date, string n, string expected)
    {
        var result = await RunAsync("calendar", "add-workdays", date, n, "--rules", RepoPaths.Rules);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(expected + "\n", result.Output.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal("", result.Error);
    }

    [Theory]
    [InlineData("2025-09-30", "2025-10-31", "18")]
    [InlineData("2025-10-01", "2025-10-08", "0")]
    [InlineData("2025-01-24", "2025-01-26", "1")]
    [InlineData("2026-03-02", "2026-03-02", "0")]
    public async Task Workdays_prints_how_many_working_days_lie_after_from_up_to_and_including_to(string from, string to, string expected)
    {
        var result = await RunAsync("calendar", "workdays", from, to, "--rules", RepoPaths.Rules);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(expected + "\n", result.Output.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_answer_reaching_a_year_without_data_is_printed_and_marked_provisional_on_stderr_only()
    {
        var result = await RunAsync("calendar", "add-workdays", "2026-12-30", "5", "--rules", RepoPaths.Rules);

        Assert.Equal(0, result.ExitCode);
        var expected = Calendar.Value.AddWorkingDays(new DateOnly(2026, 12, 30), 5);
        Assert.True(expected.Provisional);
        Assert.Equal(expected.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\n", result.Output);
        Assert.Contains("2027年节假日安排尚未发布", result.Error);
        Assert.Contains("暂定", result.Error);
    }

    [Fact]
    public async Task A_count_reaching_a_year_without_data_is_marked_provisional_on_stderr_only()
    {
        var result = await RunAsync("calendar", "workdays", "2026-12-01", "2027-01-31", "--rules", RepoPaths.Rules);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\n$", result.Output);
        Assert.Contains("2027年节假日安排尚未发布", result.Error);
        Assert.DoesNotContain("2026年", result.Error);
    }

    [Theory]
    [InlineData("DATE 应为 yyyy-MM-dd", "add-workdays", "2025-13-01", "1")]
    [InlineData("DATE 应为 yyyy-MM-dd", "add-workdays", "2025/01/01", "1")]
    [InlineData("N 应为 0 到", "add-workdays", "2025-01-01", "abc")]
    [InlineData("N 应为 0 到", "add-workdays", "2025-01-01", "1.5")]
    [InlineData("缺少 N", "add-workdays", "2025-01-01")]
    [InlineData("缺少 DATE", "add-workdays")]
    [InlineData("TO 应为 yyyy-MM-dd", "workdays", "2025-01-01", "明天")]
    [InlineData("缺少 TO", "workdays", "2025-01-01")]
    [InlineData("不能早于 FROM", "workdays", "2025-02-01", "2025-01-01")]
    public async Task Bad_arguments_get_a_chinese_message_and_exit_code_2(string message, params string[] args)
    {
        var result = await RunAsync(["calendar", .. args, "--rules", RepoPaths.Rules]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("参数有误", result.Error);
        Assert.Contains(message, result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task A_broken_rules_folder_is_reported_with_exit_code_2()
    {
        using var folder = new TempFolder();
        var result = await MonitorProcess.RunAsync(folder.Path, "calendar", "workdays", "2025-01-01", "2025-02-01", "--rules", Path.Combine(folder.Path, "missing"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("规则目录不存在", result.Error);
    }

    private static async Task<MonitorProcess.Result> RunAsync(params string[] args)
    {
        using var folder = new TempFolder();
        return await MonitorProcess.RunAsync(folder.Path, args);
    }

    /// <summary>
    /// The holiday-cn files as the official rule reads them: a listed day is off when isOffDay is true and a
    /// working day when false; an unlisted day is a working day from Monday to Friday. A later file's entry for
    /// the same date wins (a notice may arrange the previous year's last days).
    /// </summary>
    private sealed record Official(IReadOnlyList<int> Years, IReadOnlyDictionary<DateOnly, bool> Listed)
    {
        public static Official Load()
        {
            var folder = Path.Combine(RepoPaths.Root, "tests", "Host.Tests", "Fixtures", "holiday-cn");
            var years = new List<int>();
            var listed = new Dictionary<DateOnly, bool>();
            foreach (var file in Directory.GetFiles(folder, "20??.json").Order(StringComparer.Ordinal))
            {
                using var json = JsonDocument.Parse(File.ReadAllText(file));
                var days = json.RootElement.GetProperty("days");
                if (days.GetArrayLength() == 0)
                {
                    continue; // a year whose notice is not out yet (2027)
                }

                years.Add(json.RootElement.GetProperty("year").GetInt32());
                foreach (var day in days.EnumerateArray())
                {
                    var date = DateOnly.ParseExact(day.GetProperty("date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    listed[date] = day.GetProperty("isOffDay").GetBoolean();
                }
            }

            return new Official(years, listed);
        }

        public bool IsWorkingDay(DateOnly day) =>
            Listed.TryGetValue(day, out var off) ? !off : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

        public int Count(DateOnly fromExclusive, DateOnly toInclusive)
        {
            var count = 0;
            for (var day = fromExclusive.AddDays(1); day <= toInclusive; day = day.AddDays(1))
            {
                count += IsWorkingDay(day) ? 1 : 0;
            }

            return count;
        }

        public DateOnly Add(DateOnly start, int n)
        {
            var day = start;
            for (var counted = 0; counted < n;)
            {
                day = day.AddDays(1);
                counted += IsWorkingDay(day) ? 1 : 0;
            }

            return day;
        }
    }
}
