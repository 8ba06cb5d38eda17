using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Monitor.Alerting;
using Monitor.Host.Configuration;
using Monitor.Host.Metrics;
using Monitor.Host.Scanning;
using Monitor.Host.Store;
using Monitor.RuleEngine.Calendar;
using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Assessments;

/// <summary>Why a period was not frozen, or <see cref="Frozen"/>.</summary>
internal enum FreezeStatus
{
    Frozen,
    /// <summary>The period's last day is today or later in Asia/Shanghai: its as-of has not come yet.</summary>
    NotEnded,
    /// <summary>No scan in the store has an as-of up to the period's as-of.</summary>
    NothingCrawled,
    /// <summary>A period with this id is already stored; a frozen period never changes.</summary>
    AlreadyFrozen,
}

/// <summary>What freezing gave: the stored period and its JSON, or why nothing was stored (Chinese <paramref name="Message"/>).</summary>
internal sealed record FreezeOutcome(FreezeStatus Status, string Message, Assessment? Period = null, string? Json = null);

/// <summary>What verification found.</summary>
internal enum VerifyStatus
{
    /// <summary>Recomputed with the archived rules, the period equals the stored one field for field.</summary>
    Same,
    /// <summary>Recomputation gave something else, or the stored record was altered (see the differences).</summary>
    Different,
    /// <summary>No assessment with this id, or it is the live one.</summary>
    NotFound,
    /// <summary>The archived rules could not be read or loaded: nothing can be recomputed.</summary>
    RulesUnusable,
}

/// <summary>
/// The result of <see cref="PeriodFreezer.Verify"/>: up to <see cref="PeriodFreezer.MaxDifferences"/> differences
/// (Chinese, each naming the JSON path, the stored and the recomputed value) and how many there were in all.
/// </summary>
internal sealed record VerifyOutcome(VerifyStatus Status, string Message, IReadOnlyList<string> Differences, int TotalDifferences, Assessment? Stored = null);

/// <summary>
/// Freezes and verifies assessment periods (<c>monitor periods</c>). Freezing reconstructs the whole site as of the
/// period's as-of time from the store (<see cref="Backfill"/>, limited to the scans up to the newest one whose as-of is
/// not later than the period's), evaluates it with the given rules folder, adds a trend of the site score at each week's
/// end (each month's end for periods longer than half a year) from the first scan's day on, and stores the assessment
/// once, with a deterministic archive of the rule files (<see cref="RulesArchive"/>) whose SHA-256 it names.
/// Verifying repeats the computation with the archived rules and compares the canonical JSON of both, so an assessor can
/// reproduce every number; only <c>frozenAt</c> and <c>frozenBy</c> are not recomputed.
/// </summary>
internal sealed class PeriodFreezer(Deployment deployment, TimeProvider time)
{
    /// <summary>Differences verification lists at most (the total is always given).</summary>
    public const int MaxDifferences = 20;

    /// <summary>Values in differences keep Chinese readable (the text goes to a terminal, not to HTML).</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>Periods longer than this (days) get a monthly trend instead of a weekly one.</summary>
    private const int WeeklyTrendMaxDays = 184;

    /// <summary>
    /// Freezes <paramref name="period"/> with the rules in <paramref name="rulesDirectory"/>. Refusals come back as data;
    /// rule files that do not load throw <see cref="RulesException"/>.
    /// </summary>
    public FreezeOutcome Freeze(MonitorStore store, string rulesDirectory, AssessmentPeriod period, string frozenBy, Action<string>? progress = null)
    {
        var today = ChinaTime.DateOf(time.GetUtcNow());
        if (today <= period.To)
        {
            return new FreezeOutcome(
                FreezeStatus.NotEnded,
                $"周期 {period.Id}（{period.Label}）尚未结束：最后一天是 {ChinaTime.FormatDate(period.To)}，今天是 {ChinaTime.FormatDate(today)}；周期结束后（{ChinaTime.FormatDateTime(period.AsOf)} 起）才能冻结");
        }

        if (store.AssessmentSha256(period.Id) is not null)
        {
            return AlreadyFrozen(period.Id);
        }

        var lastScan = LastScan(store, period.AsOf);
        if (lastScan is null)
        {
            return new FreezeOutcome(
                FreezeStatus.NothingCrawled,
                $"周期 {period.Id}（{period.Label}）没有任何采集记录：状态库中没有评估时点不晚于 {ChinaTime.FormatDateTime(period.AsOf)} 的采集，无法评估该周期");
        }

        var (rules, calendar) = Load(rulesDirectory);
        var archive = RulesArchive.Create(rulesDirectory);
        var frozen = Compute(store, rules, calendar, period, lastScan.Value, RulesArchive.Sha256(archive), progress) with
        {
            FrozenAt = Iso(ChinaTime.ToShanghai(time.GetUtcNow())),
            FrozenBy = frozenBy,
        };
        if (!store.FreezeAssessment(frozen, archive, time.GetUtcNow()))
        {
            return AlreadyFrozen(period.Id);
        }

        return new FreezeOutcome(FreezeStatus.Frozen, $"周期 {period.Id}（{period.Label}）已冻结", frozen, frozen.ToJson());
    }

    /// <summary>
    /// Recomputes the stored period <paramref name="id"/> with its archived rules (extracted to a temporary folder and
    /// loaded with the loader the scans use) and compares it with the stored document.
    /// </summary>
    public VerifyOutcome Verify(MonitorStore store, string id, Action<string>? progress = null)
    {
        var text = store.AssessmentJson(id);
        if (text is null || id == Assessment.LiveId)
        {
            return new VerifyOutcome(VerifyStatus.NotFound, $"未找到已冻结的周期 {id}（monitor periods list 列出全部周期）", [], 0);
        }

        var stored = Assessment.FromJson(text.Json);
        var problems = new List<string>();
        if (MonitorStore.Sha256Hex(text.Json) != text.Sha256)
        {
            problems.Add($"存储的文档与其 SHA-256 不符（记录 {text.Sha256}，实际 {MonitorStore.Sha256Hex(text.Json)}）：文档在冻结后被改动过");
        }

        if (!stored.IsFrozen || stored.From is null || stored.To is null || stored.LastScanId is null)
        {
            return new VerifyOutcome(VerifyStatus.NotFound, $"{id} 不是冻结的评估周期", [], 0, stored);
        }

        var archive = store.RulesArchive(id);
        if (archive is null)
        {
            return new VerifyOutcome(VerifyStatus.RulesUnusable, $"周期 {id} 没有规则归档，无法复算", [], 0, stored);
        }

        if (RulesArchive.Sha256(archive) != stored.RulesSha256)
        {
            problems.Add($"规则归档的 SHA-256 为 {RulesArchive.Sha256(archive)}，与周期记录的 {stored.RulesSha256} 不符");
        }

        var folder = Path.Combine(Path.GetTempPath(), "monitor-periods", Guid.NewGuid().ToString("N"));
        try
        {
            try
            {
                RulesArchive.Extract(archive, folder);
            }
            catch (InvalidDataException e)
            {
                return new VerifyOutcome(VerifyStatus.RulesUnusable, $"周期 {id} 的规则归档无法使用：{e.Message}", problems, problems.Count, stored);
            }

            var loaded = RuleSetLoader.Load(folder);
            if (!loaded.Succeeded)
            {
                var errors = string.Join("；", loaded.Errors.Take(5).Select(e => e.ToString()));
                return new VerifyOutcome(VerifyStatus.RulesUnusable, $"周期 {id} 的归档规则无法加载：{errors}", problems, problems.Count, stored);
            }

            var period = new AssessmentPeriod(
                stored.Id,
                DateOnly.ParseExact(stored.From, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateOnly.ParseExact(stored.To, "yyyy-MM-dd", CultureInfo.InvariantCulture));
            var again = Compute(store, loaded.RuleSet!, loaded.Calendar!, period, stored.LastScanId.Value, RulesArchive.Sha256(archive), progress) with
            {
                FrozenAt = stored.FrozenAt,
                FrozenBy = stored.FrozenBy,
            };
            var all = Differences(JsonNode.Parse(text.Json), JsonNode.Parse(again.ToJson()), "$").ToList();
            problems.AddRange(all);
            return problems.Count == 0
                ? new VerifyOutcome(VerifyStatus.Same, $"周期 {id} 复算一致：以归档规则（{stored.RuleVersion}，SHA-256 {stored.RulesSha256}）从存储的文档重新计算，得分与问题逐项相同", [], 0, stored)
                : new VerifyOutcome(
                    VerifyStatus.Different,
                    $"周期 {id} 复算不一致：共 {problems.Count} 处差异" + (problems.Count > MaxDifferences ? $"，仅列出前 {MaxDifferences} 处" : ""),
                    [.. problems.Take(MaxDifferences)],
                    problems.Count,
                    stored);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// The period's assessment (not yet frozen: <c>frozenAt</c>/<c>frozenBy</c> unset) from the store's data up to scan
    /// <paramref name="lastScanId"/>, evaluated with <paramref name="rules"/>.
    /// </summary>
    internal Assessment Compute(
        MonitorStore store, RuleSet rules, WorkingDayCalendar calendar, AssessmentPeriod period, long lastScanId, string rulesSha256, Action<string>? progress)
    {
        var backfill = new Backfill(deployment, rules, calendar, store, lastScanId);
        var firstDay = ChinaTime.DateOf(store.Scans().Where(s => s.Id <= lastScanId).Min(s => s.AsOf));
        var days = TrendDays(period, firstDay);
        var trend = new List<Assessment.TrendPoint>();
        for (var i = 0; i < days.Count; i++)
        {
            progress?.Invoke($"趋势 {i + 1}/{days.Count + 1}：{ChinaTime.FormatDate(days[i])} 零时");
            if (TrendPoint(backfill.Rescore(days[i]).Evaluation) is { } point)
            {
                trend.Add(point);
            }
        }

        progress?.Invoke($"评估 {days.Count + 1}/{days.Count + 1}：{ChinaTime.FormatDateTime(period.AsOf)}");
        var evaluation = backfill.Rescore(period.To.AddDays(1)).Evaluation;
        if (TrendPoint(evaluation) is { } last)
        {
            trend.Add(last);
        }

        return Assessment.Build(period.Id, Assessment.FrozenKind, deployment, rules, evaluation, lastScanId, trend) with
        {
            From = period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            To = period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            RulesSha256 = rulesSha256,
        };
    }

    /// <summary>
    /// The days (evaluated at their 00:00) of the trend before the period's as-of: the day after each week's end (Sunday) or,
    /// for periods longer than half a year, after each month's end, inside the period, on or after the first scan's day.
    /// </summary>
    internal static IReadOnlyList<DateOnly> TrendDays(AssessmentPeriod period, DateOnly firstScanDay)
    {
        var asOfDay = period.To.AddDays(1);
        var days = new List<DateOnly>();
        for (var end = period.From; end < period.To; end = end.AddDays(1))
        {
            var isEnd = period.Days > WeeklyTrendMaxDays ? end.AddDays(1).Day == 1 : end.DayOfWeek == DayOfWeek.Sunday;
            var day = end.AddDays(1);
            if (isEnd && day >= firstScanDay && day < asOfDay)
            {
                days.Add(day);
            }
        }

        return days;
    }

    /// <summary>The newest scan (highest id) whose as-of is not later than <paramref name="asOf"/>.</summary>
    internal static long? LastScan(MonitorStore store, DateTimeOffset asOf) =>
        store.Scans().Where(s => s.AsOf <= asOf).Select(s => (long?)s.Id).Max();

    /// <summary>Compares two JSON trees and describes each difference (path, stored value, recomputed value).</summary>
    internal static IEnumerable<string> Differences(JsonNode? stored, JsonNode? recomputed, string path)
    {
        switch (stored, recomputed)
        {
            case (JsonObject a, JsonObject b):
                foreach (var name in a.Select(p => p.Key).Union(b.Select(p => p.Key), StringComparer.Ordinal))
                {
                    var inA = a.TryGetPropertyValue(name, out var x);
                    var inB = b.TryGetPropertyValue(name, out var y);
                    if (!inA || !inB)
                    {
                        yield return $"{path}.{name}：{(inA ? "存储中有，复算结果中没有" : "复算结果中有，存储中没有")}";
                        continue;
                    }

                    foreach (var d in Differences(x, y, path + "." + name))
                    {
                        yield return d;
                    }
                }

                break;
            case (JsonArray a, JsonArray b):
                for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
                {
                    foreach (var d in Differences(a[i], b[i], $"{path}[{i}]"))
                    {
                        yield return d;
                    }
                }

                if (a.Count != b.Count)
                {
                    yield return $"{path}：存储中有 {a.Count} 项，复算得到 {b.Count} 项";
                }

                break;
            default:
                var left = stored?.ToJsonString(Readable) ?? "null";
                var right = recomputed?.ToJsonString(Readable) ?? "null";
                if (left != right)
                {
                    yield return $"{path}：存储为 {Shorten(left)}，复算为 {Shorten(right)}";
                }

                break;
        }
    }

    private static Assessment.TrendPoint? TrendPoint(EvaluationResult evaluation) =>
        evaluation.Scores.FirstOrDefault(s => s.Scope == ScoreScope.Site) is { } site
            ? new Assessment.TrendPoint(Iso(evaluation.AsOf), site.Value, site.Max)
            : null;

    private static FreezeOutcome AlreadyFrozen(string id) =>
        new(FreezeStatus.AlreadyFrozen, $"周期 {id} 已冻结，冻结后不可更改（如需另行评估，请使用新的周期编号）");

    private static (RuleSet Rules, WorkingDayCalendar Calendar) Load(string rulesDirectory)
    {
        var loaded = RuleSetLoader.Load(rulesDirectory);
        if (!loaded.Succeeded)
        {
            throw new RulesException(loaded.Errors);
        }

        return (loaded.RuleSet!, loaded.Calendar!);
    }

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
