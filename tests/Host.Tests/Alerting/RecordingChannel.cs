using Monitor.Alerting;

namespace Monitor.Host.Tests.Alerting;

/// <summary>
/// A channel that records every call and answers from a script: fail (retryably or permanently) for the first
/// <see cref="FailFirst"/> calls, then acknowledge with a provider id.
/// </summary>
internal sealed class RecordingChannel(TimeProvider time, ChannelKind kind = ChannelKind.Email) : IAlertChannel
{
    private readonly List<AlertMessage> calls = [];
    private readonly List<AlertMessage> acknowledged = [];

    public ChannelKind Kind => kind;

    /// <summary>How many of the next calls fail.</summary>
    public int FailFirst { get; set; }

    /// <summary>Whether the scripted failures are retryable (a server down) or permanent (a refused address).</summary>
    public bool FailRetryably { get; set; } = true;

    public IReadOnlyList<AlertMessage> Calls => calls;

    /// <summary>Messages the "server" accepted, once per acceptance.</summary>
    public IReadOnlyList<AlertMessage> Acknowledged => acknowledged;

    public Task<DeliveryResult> SendAsync(AlertMessage message, CancellationToken ct)
    {
        calls.Add(message);
        if (FailFirst > 0)
        {
            FailFirst--;
            return Task.FromResult(new DeliveryResult(false, FailRetryably, null, "连接被拒绝", time.GetUtcNow()));
        }

        acknowledged.Add(message);
        return Task.FromResult(new DeliveryResult(true, false, "provider-" + acknowledged.Count, null, time.GetUtcNow()));
    }
}
