using Monitor.Alerting;
using Monitor.Host.Store;

namespace Monitor.Host.Alerting;

/// <summary>What one dispatch run did.</summary>
internal sealed record DispatchSummary(int Attempted, int Sent, int Retrying, int Failed);

/// <summary>
/// Works off the outbox: claims each due message (send time and next attempt time reached), sends it through the channel of its
/// kind and records the receipt together with the new state.
/// </summary>
/// <remarks>
/// Delivery is at-least-once with the smallest window we can make: the receipt and the <c>sent</c> state are written in one
/// transaction right after the channel returns. A stop before the channel was called leaves a lease that expires, and the
/// message is sent then (nothing was delivered). Only a stop in the instant between the channel's acknowledgement and that
/// commit can deliver a message twice; the lease expiry records such an attempt as "unknown" in the log so it can be audited,
/// and the message id travels with the message (channels use it as Message-ID / request id) so receivers can recognise it.
/// </remarks>
internal sealed class Dispatcher(MonitorStore store, IEnumerable<IAlertChannel> channels, DispatchOptions options, Random random)
{
    private readonly Dictionary<ChannelKind, IAlertChannel> byKind = channels.ToDictionary(c => c.Kind);

    public async Task<DispatchSummary> RunOnceAsync(DateTimeOffset now, CancellationToken ct)
    {
        int attempted = 0, sent = 0, retrying = 0, failed = 0;
        while (store.ClaimNextAlert(now, options.Lease) is { } claim)
        {
            attempted++;
            var result = await SendAsync(claim.Message, now, ct).ConfigureAwait(false);
            DateTimeOffset? retryAt = result.Retryable && claim.Attempt < options.MaxAttempts
                ? now + options.RetryDelay(claim.Attempt, random.NextDouble())
                : null;
            switch (store.RecordAlertOutcome(claim, result, retryAt))
            {
                case "sent":
                    sent++;
                    break;
                case "failed":
                    failed++;
                    break;
                default:
                    retrying++;
                    break;
            }
        }

        return new DispatchSummary(attempted, sent, retrying, failed);
    }

    private async Task<DeliveryResult> SendAsync(AlertMessage message, DateTimeOffset now, CancellationToken ct)
    {
        if (!byKind.TryGetValue(message.Recipient.Channel, out var channel))
        {
            // Retryable: once the channel is configured, the message goes out.
            return new DeliveryResult(false, true, null, $"未配置{ChannelNames.Chinese(message.Recipient.Channel)}渠道", now);
        }

        try
        {
            return await channel.SendAsync(message, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Channels report failures as data; one that throws anyway is treated as a transient failure, not a crashed run.
            return new DeliveryResult(false, true, null, e.Message, now);
        }
    }
}

/// <summary>Chinese names of channels, levels and delivery states for tables and messages.</summary>
internal static class ChannelNames
{
    public static string Chinese(ChannelKind kind) => kind switch
    {
        ChannelKind.Email => "邮件",
        ChannelKind.Sms => "短信",
        ChannelKind.DingTalk => "钉钉",
        ChannelKind.WeCom => "企业微信",
        _ => kind.ToString(),
    };

    public static string Chinese(AlertLevel level) => level switch
    {
        AlertLevel.Warning => "预警",
        AlertLevel.Alert => "告警",
        AlertLevel.Veto => "否决",
        AlertLevel.Resolved => "解除",
        AlertLevel.Digest => "日报",
        _ => level.ToString(),
    };

    public static string StateChinese(string state) => state switch
    {
        "pending" => "待发送",
        "sending" => "发送中",
        "sent" => "已发送",
        "failed" => "发送失败",
        "retry" => "失败待重试",
        "unknown" => "结果未知",
        _ => state,
    };
}
