using Microsoft.Extensions.Time.Testing;
using Monitor.Alerting;
using Monitor.Host.Alerting;
using Monitor.Host.Store;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Tests.Alerting;

/// <summary>The outbox on both stores: the same cases run on SQLite and on PostgreSQL (<see cref="TestStore"/>).</summary>
public abstract class OutboxDispatchTests(TestStore testStore) : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DispatchOptions Options = new()
    {
        Lease = TimeSpan.FromMinutes(5),
        RetryBase = TimeSpan.FromMinutes(1),
        RetryCap = TimeSpan.FromMinutes(30),
        MaxAttempts = 10,
    };

    private readonly FakeTimeProvider time = new(Start);

    private StoreLocation StorePath => testStore.Location;

    public void Dispose()
    {
        testStore.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_channel_that_fails_for_a_while_then_recovers_delivers_every_message_exactly_once()
    {
        var channel = new RecordingChannel(time) { FailFirst = 7 };
        using var store = MonitorStore.Open(StorePath);
        var messages = Enumerable.Range(1, 4).Select(i => Message($"m{i}")).ToList();
        foreach (var m in messages)
        {
            Assert.True(store.EnqueueAlert(m, time.GetUtcNow()));
        }

        var dispatcher = new Dispatcher(store, [channel], Options, new Random(1));
        for (var run = 0; run < 20 && store.OutboxEntries().Any(e => e.State != "sent"); run++)
        {
            await dispatcher.RunOnceAsync(time.GetUtcNow(), CancellationToken.None);
            time.Advance(Options.RetryCap);
        }

        Assert.All(store.OutboxEntries(), e => Assert.Equal("sent", e.State));
        Assert.Equal(messages.Select(m => m.Id).Order(), channel.Acknowledged.Select(m => m.Id).Order());
        var log = store.AlertAttempts();
        Assert.Equal(channel.Calls.Count, log.Count);
        Assert.Equal(7, log.Count(a => a.Result == "retry"));
        Assert.Equal(4, log.Count(a => a.Result == "sent"));
        Assert.All(log.Where(a => a.Result == "sent"), a => Assert.StartsWith("provider-", a.ProviderMessageId));
        Assert.All(log.GroupBy(a => a.MessageId), g => Assert.Equal(Enumerable.Range(1, g.Count()), g.Select(a => a.Attempt)));
    }

    [Fact]
    public async Task A_failed_attempt_waits_for_its_back_off_before_the_next_one()
    {
        var channel = new RecordingChannel(time) { FailFirst = 1 };
        using var store = MonitorStore.Open(StorePath);
        store.EnqueueAlert(Message("m1"), time.GetUtcNow());
        var dispatcher = new Dispatcher(store, [channel], Options, new Random(1));

        await dispatcher.RunOnceAsync(time.GetUtcNow(), CancellationToken.None);
        var again = await dispatcher.RunOnceAsync(time.GetUtcNow() + TimeSpan.FromSeconds(20), CancellationToken.None);

        Assert.Equal(0, again.Attempted);
        var entry = Assert.Single(store.OutboxEntries());
        Assert.Equal("pending", entry.State);
        Assert.Equal("连接被拒绝", entry.LastError);
        Assert.InRange(entry.NextAttemptAt - time.GetUtcNow(), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_permanent_refusal_fails_the_message_without_retrying()
    {
        var channel = new RecordingChannel(time) { FailFirst = 1, FailRetryably = false };
        using var store = MonitorStore.Open(StorePath);
        store.EnqueueAlert(Message("m1"), time.GetUtcNow());
        var dispatcher = new Dispatcher(store, [channel], Options, new Random(1));

        var first = await dispatcher.RunOnceAsync(time.GetUtcNow(), CancellationToken.None);
        var later = await dispatcher.RunOnceAsync(time.GetUtcNow() + TimeSpan.FromDays(1), CancellationToken.None);

        Assert.Equal(new DispatchSummary(1, 0, 0, 1), first);
        Assert.Equal(0, later.Attempted);
        Assert.Equal("failed", Assert.Single(store.OutboxEntries()).State);
        Assert.Equal("failed", Assert.Single(store.AlertAttempts()).Result);
    }

    [Fact]
    public async Task Retries_stop_after_the_maximum_number_of_attempts()
    {
        var channel = new RecordingChannel(time) { FailFirst = 100 };
        using var store = MonitorStore.Open(StorePath);
        store.EnqueueAlert(Message("m1"), time.GetUtcNow());
        var dispatcher = new Dispatcher(store, [channel], Options with { MaxAttempts = 3 }, new Random(1));

        for (var run = 0; run < 6; run++)
        {
            await dispatcher.RunOnceAsync(time.GetUtcNow(), CancellationToken.None);
            time.Advance(Options.RetryCap);
        }

        Assert.Equal(3, channel.Calls.Count);
        Assert.Equal("failed", Assert.Single(store.OutboxEntries()).State);
        Assert.Equal(["retry", "retry", "failed"], store.AlertAttempts().Select(a => a.Result));
    }

    [Fact]
    public async Task Enqueueing_the_same_message_again_neither_duplicates_nor_resends_it()
    {
        var channel = new RecordingChannel(time);
        using var store = MonitorStore.Open(StorePath);
        var dispatcher = new Dispatcher(store, [channel], Options, new Random(1));
        Assert.True(store.EnqueueAlert(Message("m1"), time.GetUtcNow()));
        await dispatcher.RunOnceAsync(time.GetUtcNow(), CancellationToken.None);

        Assert.False(store.EnqueueAlert(Message("m1"), time.GetUtcNow()));
        await dispatcher.RunOnceAsync(time.GetUtcNow() + TimeSpan.FromDays(1), CancellationToken.None);

        Assert.Single(channel.Calls);
        Assert.Equal("sent", Assert.Single(store.OutboxEntries()).State);
    }

    [Fact]
    public async Task A_message_is_not_sent_before_its_not_before_time()
    {
        var channel = new RecordingChannel(time);
        using var store = MonitorStore.Open(StorePath);
        store.EnqueueAlert(Message("m1") with { NotBefore = Start.AddHours(2) }, time.GetUtcNow());
        var dispatcher = new Dispatcher(store, [channel], Options, new Random(1));

        var early = await dispatcher.RunOnceAsync(Start.AddHours(1), CancellationToken.None);
        var onTime = await dispatcher.RunOnceAsync(Start.AddHours(2), CancellationToken.None);

        Assert.Equal(0, early.Attempted);
        Assert.Equal(1, onTime.Sent);
    }

    [Fact]
    public async Task A_message_for_an_unconfigured_channel_stays_pending_with_the_reason()
    {
        var email = new RecordingChannel(time);
        using var store = MonitorStore.Open(StorePath);
        store.EnqueueAlert(Message("m1", ChannelKind.Sms), time.GetUtcNow());

        var summary = await new Dispatcher(store, [email], Options, new Random(1)).RunOnceAsync(time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(1, summary.Retrying);
        Assert.Empty(email.Calls);
        Assert.Equal("未配置短信渠道", Assert.Single(store.OutboxEntries()).LastError);
    }

    [Fact]
    public async Task A_restart_after_the_receipt_was_recorded_sends_nothing_again()
    {
        var channel = new RecordingChannel(time);
        using (var store = MonitorStore.Open(StorePath))
        {
            store.EnqueueAlert(Message("m1"), time.GetUtcNow());
            store.EnqueueAlert(Message("m2"), time.GetUtcNow());
            await new Dispatcher(store, [channel], Options, new Random(1)).RunOnceAsync(time.GetUtcNow(), CancellationToken.None);
        }

        using (var reopened = MonitorStore.Open(StorePath))
        {
            var summary = await new Dispatcher(reopened, [channel], Options, new Random(1)).RunOnceAsync(Start.AddDays(1), CancellationToken.None);
            Assert.Equal(0, summary.Attempted);
            Assert.Equal(2, reopened.AlertAttempts().Count);
        }

        Assert.Equal(2, channel.Acknowledged.Count);
    }

    [Fact]
    public async Task A_crash_while_a_message_is_claimed_but_not_yet_sent_delivers_it_once_after_the_lease_expires()
    {
        var channel = new RecordingChannel(time);
        using (var store = MonitorStore.Open(StorePath))
        {
            store.EnqueueAlert(Message("m1"), time.GetUtcNow());
            Assert.NotNull(store.ClaimNextAlert(time.GetUtcNow(), Options.Lease));

            // The process dies here: the claim is committed, the channel was never called.
        }

        using var reopened = MonitorStore.Open(StorePath);
        var dispatcher = new Dispatcher(reopened, [channel], Options, new Random(1));
        var withinLease = await dispatcher.RunOnceAsync(Start + TimeSpan.FromMinutes(1), CancellationToken.None);
        var afterLease = await dispatcher.RunOnceAsync(Start + Options.Lease, CancellationToken.None);
        var later = await dispatcher.RunOnceAsync(Start.AddDays(1), CancellationToken.None);

        Assert.Equal(0, withinLease.Attempted);
        Assert.Equal(1, afterLease.Sent);
        Assert.Equal(0, later.Attempted);
        Assert.Single(channel.Acknowledged);
        Assert.Equal([("unknown", 1), ("sent", 2)], reopened.AlertAttempts().Select(a => (a.Result, a.Attempt)));
    }

    [Fact]
    public async Task A_crash_between_the_channel_acknowledgement_and_the_receipt_is_the_one_window_that_can_repeat_a_message_and_the_log_shows_it()
    {
        // The documented at-least-once boundary: the server accepted the message, the process died before the one transaction
        // that records receipt and state. The message is sent again after the lease, with the same id, and the log says why.
        var channel = new RecordingChannel(time);
        using (var store = MonitorStore.Open(StorePath))
        {
            store.EnqueueAlert(Message("m1"), time.GetUtcNow());
            var claim = store.ClaimNextAlert(time.GetUtcNow(), Options.Lease)!;
            var ack = await channel.SendAsync(claim.Message, CancellationToken.None);
            Assert.True(ack.Succeeded);
        }

        using var reopened = MonitorStore.Open(StorePath);
        var dispatcher = new Dispatcher(reopened, [channel], Options, new Random(1));
        await dispatcher.RunOnceAsync(Start + Options.Lease, CancellationToken.None);
        await dispatcher.RunOnceAsync(Start.AddDays(1), CancellationToken.None);

        Assert.Equal(2, channel.Acknowledged.Count);
        Assert.Single(channel.Acknowledged.Select(m => m.Id).Distinct());
        var log = reopened.AlertAttempts();
        Assert.Equal(["unknown", "sent"], log.Select(a => a.Result));
        Assert.Equal("租约过期，发送结果未记录", log[0].Error);
    }

    [Fact]
    public async Task Only_messages_already_sent_are_reported_as_sent_records()
    {
        var channel = new RecordingChannel(time);
        using var store = MonitorStore.Open(StorePath);
        store.EnqueueAlert(Message("m1"), time.GetUtcNow());
        store.EnqueueAlert(Message("m2") with { NotBefore = Start.AddDays(1) }, time.GetUtcNow());
        await new Dispatcher(store, [channel], Options, new Random(1)).RunOnceAsync(time.GetUtcNow(), CancellationToken.None);

        var sent = Assert.Single(store.SentAlerts());
        Assert.Equal("m1", sent.MessageId);
        Assert.Equal(["finding-m1"], sent.SubjectKeys);
        Assert.Equal(ChannelKind.Email, sent.Recipient.Channel);
    }

    [Theory]
    [InlineData(1, 0.0, 30)]
    [InlineData(1, 0.999999, 60)]
    [InlineData(3, 0.0, 120)]
    [InlineData(20, 0.999999, 1800)]
    public void The_retry_delay_doubles_with_equal_jitter_and_is_capped(int failedAttempts, double random, int expectedSeconds)
    {
        Assert.Equal(expectedSeconds, Options.RetryDelay(failedAttempts, random).TotalSeconds, 0.01);
    }

    private static AlertMessage Message(string id, ChannelKind channel = ChannelKind.Email) => new(
        id,
        $"finding-{id}|Alert",
        AlertLevel.Alert,
        new Recipient("cgw", "城管委办公室", channel, channel == ChannelKind.Email ? "cgw@example.com" : "13800000000"),
        "【政务公开告警】市城市管理委员会：应公开未公开",
        "正文",
        "<p>正文</p>",
        [$"finding-{id}"],
        Start,
        Start);
}

public sealed class OutboxDispatchOnSqliteTests() : OutboxDispatchTests(new SqliteTestStore());

public sealed class OutboxDispatchOnPostgresTests() : OutboxDispatchTests(new PostgresTestStore());
