using System.Diagnostics;
using System.Globalization;
using Monitor.Alerting;
using Monitor.Alerting.Messages;
using Monitor.Alerting.Policy;
using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;

namespace Monitor.Alerting.Bench;

/// <summary>
/// Routes subjects of 200 units into rendered messages with the real calendar and policy, and prints plan time and messages/s.
/// </summary>
internal static class RouteBench
{
    public static void Run(int subjectCount)
    {
        const int UnitCount = 200;

        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "rules", "ruleset.yaml")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("rules/ruleset.yaml not found above the binary");
        }

        var calendar = RuleSetLoader.Load(Path.Combine(root, "rules")).Calendar ?? throw new InvalidOperationException("no calendar");
        var policy = new AlertPolicy(new AlertPolicyOptions(), calendar);

        // Thursday 2026-12-03 09:00 Asia/Shanghai: a working day after the digest time, inside the SMS window.
        var now = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.FromHours(8));
        var units = Enumerable.Range(0, UnitCount).Select(i =>
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"u{i:000}");
            return new AlertUnit(
                id,
                string.Create(CultureInfo.InvariantCulture, $"示例单位{i:000}"),
                i % 3 == 0 ? DepartmentKind.Town : DepartmentKind.Department,
                [
                    new Recipient(id, "联络员", ChannelKind.Email, $"gk@{id}.example.gov.cn"),
                    new Recipient(id, "联络员", ChannelKind.Sms, string.Create(CultureInfo.InvariantCulture, $"1380000{i:0000}")),
                    new Recipient(id, "工作群", ChannelKind.WeCom, $"https://qyapi.example/webhook/send?key={id}"),
                ],
                [new Recipient(id, "分管领导", ChannelKind.Email, $"leader@{id}.example.gov.cn")],
                IsSupervisionOffice: i == 0);
        }).ToList();

        var kinds = Enum.GetValues<FindingKind>();
        var subjects = Enumerable.Range(0, subjectCount).Select(i =>
        {
            // A mix: a quarter due within days (warnings), most overdue by 1–9 working days, a few vetoes.
            var unit = units[i % UnitCount];
            var severity = i % 97 == 0 ? Severity.Veto : i % 4 == 0 ? Severity.Warning : Severity.Alert;
            DateOnly? due = i % 4 == 0 ? new DateOnly(2026, 12, 4 + (i % 5)) : new DateOnly(2026, 11, 20 + (i % 10));
            return new AlertSubject(
                string.Create(CultureInfo.InvariantCulture, $"f-{i:00000}"),
                kinds[i % kinds.Length],
                severity,
                unit.Id,
                "src-" + unit.Id,
                string.Create(CultureInfo.InvariantCulture, $"item-{i % 50}"),
                "示例公开事项",
                "《政府信息公开条例》",
                $"https://www.example.gov.cn/{unit.Id}/{i}.html",
                due,
                "未在规定期限内公开该事项",
                now.AddDays(-30),
                null);
        }).ToList();

        var input = new PolicyInput(now, subjects, units, [], []);
        policy.Plan(input); // warm-up: JIT and calendar paths

        var runs = new List<double>();
        AlertPlan? plan = null;
        for (var run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            plan = policy.Plan(input);
            runs.Add(watch.Elapsed.TotalMilliseconds);
        }

        runs.Sort();
        var median = runs[runs.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"subjects {subjectCount}, units {UnitCount}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"messages {plan!.Messages.Count} (suppressed {plan.Suppressed.Count}, over SMS budget {plan.OverBudgetCount})"));
        foreach (var group in plan.Messages.GroupBy(m => (m.Level, m.Recipient.Channel)).OrderBy(g => g.Key))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Key.Level,-8} {group.Key.Channel,-8} {group.Count(),6}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plan time: median {median:F0} ms, min {runs[0]:F0} ms, max {runs[^1]:F0} ms over {runs.Count} runs"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput: {plan.Messages.Count / (median / 1000):F0} messages/s ({subjectCount / (median / 1000):F0} subjects/s)"));

        var sample = plan.Messages.First(m => m.Level == AlertLevel.Alert && m.Recipient.Channel == ChannelKind.Sms);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sample SMS ({sample.TextBody.Length} chars, {SmsText.Segments(sample.TextBody)} segment(s)): {sample.TextBody}"));
        var mail = plan.Messages.First(m => m.Level == AlertLevel.Alert && m.Recipient.Channel == ChannelKind.Email);
        Console.WriteLine("sample mail subject: " + mail.Subject);
        Console.WriteLine(mail.TextBody);
    }
}
