using Monitor.RuleEngine.Evaluation;

namespace Monitor.Alerting;

/// <summary>How loud a message is: 预警 before a limit, 告警 after it, 否决 to the office at once, 解除 when resolved, 日报 digest.</summary>
public enum AlertLevel
{
    Warning,
    Alert,
    Veto,
    Resolved,
    Digest,
}

/// <summary>The channel a message goes out on.</summary>
public enum ChannelKind
{
    Email,
    Sms,
    DingTalk,
    WeCom,
}

/// <summary>
/// Something the policy tracks for one unit: an open (or just resolved) finding, or an obligation whose due
/// date lies ahead. The host maps findings and the evaluation's upcoming due dates onto these.
/// </summary>
/// <param name="Key">Stable key: the finding id, or an obligation key such as <c>due:sourceId:itemId:period</c>.</param>
/// <param name="DueDate">Legal due date (Asia/Shanghai), when there is one: early warnings count back from it.</param>
/// <param name="OpenedAt">When it was first detected.</param>
/// <param name="ResolvedAt">When it was resolved (a resolution notice goes out once); null while open.</param>
/// <param name="SourceUnreachable">The source behind it could not be checked: inhibits item messages of that source.</param>
public sealed record AlertSubject(
    string Key,
    FindingKind Kind,
    Severity Severity,
    string DepartmentId,
    string? SourceId,
    string? ItemId,
    string? ItemName,
    string? Basis,
    string? DocumentUrl,
    DateOnly? DueDate,
    string Message,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    bool SourceUnreachable = false);

/// <summary>A recipient on one channel: an e-mail address, a mobile number or a robot webhook URL.</summary>
public sealed record Recipient(string UnitId, string Name, ChannelKind Channel, string Address);

/// <summary>
/// One message, decided by the policy, rendered for its channel, and recorded in the outbox before it is sent.
/// <see cref="Id"/> is deterministic (dedup key + recipient + channel), so planning twice yields the same message.
/// </summary>
/// <param name="DedupKey">What makes two messages "the same" within the repeat interval (subject keys, level, slot).</param>
/// <param name="NotBefore">Earliest send time (sending windows: an SMS planned at night waits for 08:00).</param>
public sealed record AlertMessage(
    string Id,
    string DedupKey,
    AlertLevel Level,
    Recipient Recipient,
    string Subject,
    string TextBody,
    string? HtmlBody,
    IReadOnlyList<string> SubjectKeys,
    DateTimeOffset PlannedAt,
    DateTimeOffset NotBefore);

/// <summary>The outcome of one send attempt. Never thrown: failures are data.</summary>
/// <param name="Retryable">False for permanent refusals (bad address, bad signature): no further attempts.</param>
/// <param name="ProviderMessageId">The gateway's or server's id of the message, when it gives one.</param>
public sealed record DeliveryResult(bool Succeeded, bool Retryable, string? ProviderMessageId, string? Error, DateTimeOffset At);

/// <summary>A way to deliver messages. Implementations: e-mail (MailKit), SMS gateways, DingTalk and WeCom robots.</summary>
public interface IAlertChannel
{
    ChannelKind Kind { get; }

    Task<DeliveryResult> SendAsync(AlertMessage message, CancellationToken ct);
}

/// <summary>What was sent before: the policy's memory for deduplication, escalation and budgets (from the outbox).</summary>
public sealed record SentRecord(string MessageId, string DedupKey, AlertLevel Level, Recipient Recipient, IReadOnlyList<string> SubjectKeys, DateTimeOffset SentAt);
