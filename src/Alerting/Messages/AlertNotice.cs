namespace Monitor.Alerting.Messages;

/// <summary>Who a message is addressed to along the escalation path; the wording says why they receive it.</summary>
public enum EscalationStage
{
    /// <summary>The responsible unit itself.</summary>
    Unit,

    /// <summary>The unit's leader: the alert stayed unresolved for the escalation period.</summary>
    Leader,

    /// <summary>The supervision office: a veto, or an alert unresolved for twice the escalation period.</summary>
    Office,
}

/// <summary>One subject as a message shows it, with the working-day arithmetic already done by the policy.</summary>
/// <param name="WorkingDaysLeft">Working days until the due date (0 = due today); null when not before a due date.</param>
/// <param name="WorkingDaysOverdue">Working days the subject has been in 告警; null when not overdue.</param>
public sealed record NoticeItem(AlertSubject Subject, AlertLevel Level, int? WorkingDaysLeft = null, int? WorkingDaysOverdue = null);

/// <summary>What one message says, before it is rendered for a channel.</summary>
/// <param name="Level">Warning/Alert/Veto/Resolved for a single subject; Digest for a unit's list.</param>
/// <param name="UnitName">The responsible unit's Chinese name.</param>
/// <param name="At">The planning instant (dates in the text are its Asia/Shanghai date).</param>
public sealed record AlertNotice(AlertLevel Level, string UnitName, IReadOnlyList<NoticeItem> Items, DateTimeOffset At, EscalationStage Stage = EscalationStage.Unit);

/// <summary>A notice rendered for one channel: the title, the body (JSON for robot webhooks) and, for e-mail, HTML.</summary>
public sealed record RenderedText(string Subject, string TextBody, string? HtmlBody);
