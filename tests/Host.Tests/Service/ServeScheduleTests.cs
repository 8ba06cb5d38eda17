using Microsoft.Extensions.Time.Testing;
using Monitor.Alerting;
using Monitor.Host.Configuration;
using Monitor.Host.Service;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Evaluation;
using Quartz;
using Quartz.Extensibility;

namespace Monitor.Host.Tests.Service;

/// <summary>
/// The crawl schedules of <c>monitor serve</c>: the default cron of each column type, a source's own <c>schedule:</c>,
/// the per-source offsets that spread starts, fire times in Asia/Shanghai, and misfires skipped after a stop.
/// </summary>
public sealed class ServeScheduleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public ServeScheduleTests()
    {
        foreach (var file in Directory.GetFiles(RepoPaths.SampleConfig))
            File.Copy(file, Path.Combine(_folder.Path, Path.GetFileName(file)));
    }

    public void Dispose() => _folder.Dispose();

    private static SourceConfig Source(string id, string columnType, SourceKind kind = SourceKind.Column, SourceChannel channel = SourceChannel.Page, string? schedule = null) =>
        new(id, id, "/" + id, new Uri("http://127.0.0.1/" + id), kind, columnType, "szfb", [], [], null) { Channel = channel, Schedule = schedule };

    /// <summary>The hour field of a default cron: "h/interval" for multi-hour intervals, a fixed hour for daily ones.</summary>
    private static string HourField(SourceSchedule s) => s.Cron.Split(' ')[2];

    [Theory]
    [InlineData("首页", SourceKind.Homepage, "page", 2)]
    [InlineData("动态要闻", SourceKind.Column, "page", 4)]
    [InlineData("通知公告", SourceKind.Column, "page", 6)]
    [InlineData("新媒体", SourceKind.Column, "feed", 6)]
    [InlineData("新媒体", SourceKind.Column, "list", 6)]
    [InlineData("政策文件", SourceKind.Column, "page", 24)]
    [InlineData("信息公开目录", SourceKind.Column, "page", 24)]
    [InlineData("人事", SourceKind.Column, "page", 24)]
    public void Each_column_type_has_its_default_interval(string columnType, SourceKind kind, string channel, int hours)
    {
        var how = channel switch { "feed" => SourceChannel.WeChatFeed, "list" => SourceChannel.WeChatList, _ => SourceChannel.Page };
        var schedule = ServeSchedule.For(Source("s-" + hours, columnType, kind, how));

        Assert.False(schedule.Overridden);
        Assert.Equal(hours, ServeSchedule.DefaultIntervalHours(schedule.Source));
        Assert.True(CronExpression.TryParse(schedule.Cron, out _), schedule.Cron);
        var fires = schedule.NextFireTimes(new DateTimeOffset(2026, 12, 1, 0, 0, 0, ChinaTime.Offset), 5);
        Assert.Equal(5, fires.Count);
        var gaps = fires.Zip(fires.Skip(1), (a, b) => b - a).Distinct().ToList();
        Assert.Equal([TimeSpan.FromHours(hours)], gaps);
        if (hours == 24)
        {
            // Daily sources start between 01:00 and 07:00 Asia/Shanghai.
            Assert.All(fires, f => Assert.InRange(f.Hour, 1, 6));
        }
        else
        {
            Assert.EndsWith("/" + hours, HourField(schedule), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_sources_own_schedule_replaces_the_default()
    {
        var schedule = ServeSchedule.For(Source("tzgg", "通知公告", schedule: "0 30 9 ? * MON-FRI"));

        Assert.True(schedule.Overridden);
        Assert.Equal("0 30 9 ? * MON-FRI", schedule.Cron);
        // 2026-12-04 is a Friday: the next fire is the following Monday at 09:30 Asia/Shanghai.
        var next = Assert.Single(schedule.NextFireTimes(new DateTimeOffset(2026, 12, 4, 10, 0, 0, ChinaTime.Offset), 1));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 9, 30, 0, ChinaTime.Offset), next);
    }

    [Fact]
    public void Fire_times_are_wall_clock_times_in_Shanghai_whatever_the_machines_zone()
    {
        var schedule = ServeSchedule.For(Source("x", "通知公告", schedule: "0 0 8 * * ?"));

        // Asked from a UTC instant (the machine's zone is UTC): 08:00 in Shanghai is 00:00 UTC.
        var next = Assert.Single(schedule.NextFireTimes(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero), 1));
        Assert.Equal(ChinaTime.Offset, next.Offset);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 8, 0, 0, ChinaTime.Offset), next);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), next.ToUniversalTime());

        var trigger = (ICronTrigger)TriggerBuilder.Create(TimeProvider.System).WithIdentity("x").WithSchedule(schedule.Builder()).Build();
        Assert.Equal("Asia/Shanghai", trigger.TimeZone.Id);
        Assert.Equal(CronTriggerMisfireInstruction.DoNothing, trigger.MisfireInstruction);
    }

    [Fact]
    public void Offsets_are_stable_across_processes_and_distinct_across_the_sample_sources()
    {
        var deployment = DeploymentLoader.Load(RepoPaths.SampleConfig);
        var schedules = ServeSchedule.For(deployment);

        // FNV-1a of the UTF-8 id: a fixed value, not string.GetHashCode (randomised per process).
        Assert.Equal(0x811C9DC5u, ServeSchedule.StableHash(""));
        Assert.Equal(0xE40C292Cu, ServeSchedule.StableHash("a"));
        Assert.Equal(schedules.Select(s => s.Cron), ServeSchedule.For(deployment).Select(s => s.Cron));
        Assert.Equal(schedules.Count, schedules.Select(s => s.Offset).Distinct().Count());
        Assert.Equal(schedules.Count, schedules.Select(s => s.Share).Distinct().Count());
        Assert.All(schedules, s => Assert.InRange(s.Offset, TimeSpan.Zero, s.Window - TimeSpan.FromSeconds(1)));
        // Starts are spread: not all sources of one interval begin in the same minute of the hour.
        Assert.True(schedules.Select(s => s.Cron.Split(' ')[1]).Distinct().Count() > schedules.Count / 2);
    }

    [Fact]
    public void Run_now_spreads_the_first_crawls_by_the_same_offsets_and_zero_starts_all_at_once()
    {
        var schedules = ServeSchedule.For(DeploymentLoader.Load(RepoPaths.SampleConfig));
        var spread = TimeSpan.FromMinutes(2);

        var delays = schedules.Select(s => ServeSchedule.StartupDelay(s, spread)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, spread));
        Assert.Equal(schedules.Count, delays.Distinct().Count());
        Assert.Equal(
            schedules.OrderBy(s => s.Share).Select(s => s.Source.Id),
            schedules.Select((s, i) => (s, d: delays[i])).OrderBy(x => x.d).Select(x => x.s.Source.Id));
        Assert.All(schedules, s => Assert.Equal(TimeSpan.Zero, ServeSchedule.StartupDelay(s, TimeSpan.Zero)));
    }

    [Fact]
    public void An_invalid_schedule_stops_loading_with_file_line_and_key()
    {
        var path = Path.Combine(_folder.Path, "sources.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("    columnType: 通知公告\n", "    columnType: 通知公告\n    schedule: \"every 6 hours\"\n", StringComparison.Ordinal));

        var error = Assert.Single(Assert.Throws<ConfigException>(() => DeploymentLoader.Load(_folder.Path)).Errors);

        Assert.EndsWith("sources.yaml", error.File, StringComparison.Ordinal);
        Assert.Equal(Array.FindIndex(File.ReadAllLines(path), l => l.Contains("id: tzgg", StringComparison.Ordinal)) + 1, error.Line);
        Assert.Equal("sources[2].schedule", error.Key);
        Assert.Contains("every 6 hours", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The in-memory job store starts empty, so a restart plans from "now"; this pins what happens to a fire time that
    /// passed while the trigger could not fire (service stopped or busy beyond the misfire threshold): it is skipped and
    /// the trigger waits for its next regular time, instead of firing late.
    /// </summary>
    [Fact]
    public void A_fire_time_missed_while_stopped_is_skipped_not_run_late()
    {
        var schedule = ServeSchedule.For(Source("tzgg", "通知公告", schedule: "0 0 8 * * ?"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 7, 0, 0, ChinaTime.Offset));
        var trigger = (IOperableTrigger)TriggerBuilder.Create(clock).WithIdentity("tzgg").StartAt(clock.GetUtcNow()).WithSchedule(schedule.Builder()).Build();
        trigger.ComputeFirstFireTimeUtc(null);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, ChinaTime.Offset), trigger.NextFireTimeUtc);

        // Stopped from 07:30 to 10:15: the 08:00 fire was missed.
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 10, 15, 0, ChinaTime.Offset));
        trigger.UpdateAfterMisfire(null);

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 8, 0, 0, ChinaTime.Offset), trigger.NextFireTimeUtc);
    }
}
