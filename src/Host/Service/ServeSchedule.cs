using System.Globalization;
using System.Text;
using Monitor.Alerting;
using Monitor.Host.Configuration;
using Monitor.RuleEngine.Evaluation;
using Quartz;

namespace Monitor.Host.Service;

/// <summary>When one source is crawled: its cron expression (Asia/Shanghai) and where its start lies within its interval.</summary>
/// <param name="Cron">Quartz cron expression, seconds first.</param>
/// <param name="Window">The interval of the column type's default schedule (its starts are spread over it).</param>
/// <param name="Offset">The source's stable offset within <paramref name="Window"/> (from a hash of its id).</param>
/// <param name="Overridden">True when the cron comes from the source's own <c>schedule:</c>.</param>
internal sealed record SourceSchedule(SourceConfig Source, string Cron, TimeSpan Window, TimeSpan Offset, bool Overridden)
{
    /// <summary>Where the source's start lies within its window, in [0, 1): the same share scales the start-up crawls of <c>--run-now</c>.</summary>
    public double Share => Offset / Window;

    /// <summary>The next <paramref name="count"/> fire times after <paramref name="after"/>, in Asia/Shanghai.</summary>
    public IReadOnlyList<DateTimeOffset> NextFireTimes(DateTimeOffset after, int count)
    {
        var expression = new CronExpression(Cron, ChinaTime.Zone);
        var times = new List<DateTimeOffset>(count);
        var at = after;
        while (times.Count < count && expression.GetNextValidTimeAfter(at) is { } next)
        {
            times.Add(ChinaTime.ToShanghai(next));
            at = next;
        }

        return times;
    }

    /// <summary>
    /// The trigger's schedule: the cron in Asia/Shanghai; a fire time missed while the service was stopped or busy is
    /// skipped (<see cref="CronTriggerMisfireInstruction.DoNothing"/>), the next one runs as planned.
    /// </summary>
    public CronScheduleBuilder Builder() =>
        CronScheduleBuilder.Create(Cron).InTimeZone(ChinaTime.Zone).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing);
}

/// <summary>
/// The default crawl schedules of <c>monitor serve</c>, per column type (all times Asia/Shanghai):
/// <list type="table">
/// <item><term>首页 (homepage)</term><description>every 2 hours</description></item>
/// <item><term>动态要闻</term><description>every 4 hours</description></item>
/// <item><term>通知公告, WeChat mirrors (wechat-feed / wechat-list)</term><description>every 6 hours</description></item>
/// <item><term>政策文件, 信息公开目录 and every other column type</term><description>daily, between 01:00 and 07:00</description></item>
/// </list>
/// Within its interval each source starts at an offset (minute and second, and the hour within a multi-hour interval)
/// taken from a stable hash of its id (FNV-1a, the same in every process and on every machine), so starts are spread
/// across the interval and a restart does not make every source start at once. A source's <c>schedule:</c> replaces
/// the default cron as written.
/// </summary>
internal static class ServeSchedule
{
    /// <summary>Daily crawls start in this window: portals are least busy, and findings are ready for the working day.</summary>
    private const int DailyFirstHour = 1;

    private const int DailyWindowHours = 6;

    /// <summary>The schedule of every source of the deployment, in config order.</summary>
    public static IReadOnlyList<SourceSchedule> For(Deployment deployment) => [.. deployment.Sources.Select(For)];

    public static SourceSchedule For(SourceConfig source)
    {
        var hours = DefaultIntervalHours(source);
        var window = TimeSpan.FromHours(hours == 24 ? DailyWindowHours : hours);
        var offset = TimeSpan.FromSeconds(StableHash(source.Id) % (uint)window.TotalSeconds);
        if (source.Schedule is { } own)
        {
            return new SourceSchedule(source, own, window, offset, Overridden: true);
        }

        var seconds = (int)offset.TotalSeconds;
        var (hour, minute, second) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        var cron = hours == 24
            ? string.Create(CultureInfo.InvariantCulture, $"{second} {minute} {DailyFirstHour + hour} * * ?")
            : string.Create(CultureInfo.InvariantCulture, $"{second} {minute} {hour}/{hours} * * ?");
        return new SourceSchedule(source, cron, window, offset, Overridden: false);
    }

    /// <summary>The default interval of a source's column type in hours (24: daily).</summary>
    public static int DefaultIntervalHours(SourceConfig source) =>
        source.IsAccount ? 6
        : source.Kind == SourceKind.Homepage ? 2
        : source.ColumnType switch
        {
            "首页" => 2,
            "动态要闻" => 4,
            "通知公告" => 6,
            _ => 24,
        };

    /// <summary>When <c>--run-now</c> starts a source's first crawl: its share of the interval, scaled into <paramref name="spread"/>.</summary>
    public static TimeSpan StartupDelay(SourceSchedule schedule, TimeSpan spread) => spread * schedule.Share;

    /// <summary>Where an interval job (availability probe) first fires within its interval, by the same hash of the source id.</summary>
    public static TimeSpan IntervalOffset(string sourceId, TimeSpan interval) =>
        TimeSpan.FromSeconds(StableHash(sourceId) % (uint)Math.Max(1, interval.TotalSeconds));

    /// <summary>32-bit FNV-1a of the UTF-8 bytes: stable across processes (unlike <see cref="string.GetHashCode()"/>).</summary>
    public static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }
}
