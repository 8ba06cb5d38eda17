namespace Monitor.Alerting.Policy;

/// <summary>Everything <see cref="AlertPolicy.Plan"/> decides from; the caller takes <paramref name="Now"/> from its TimeProvider.</summary>
/// <param name="Now">The planning instant (any offset; the policy reads it in Asia/Shanghai).</param>
/// <param name="Subjects">Open subjects and those resolved since the last run (resolution notices go out once).</param>
/// <param name="Units">Every department and town, including the supervision office.</param>
/// <param name="Sent">
/// Messages already recorded in the outbox (sent or still waiting), for deduplication, escalation and budgets.
/// A waiting message counts as sent at its planned time, so planning again never doubles it.
/// </param>
/// <param name="Silences">Silences in force or expired (expired ones are ignored).</param>
public sealed record PolicyInput(
    DateTimeOffset Now,
    IReadOnlyList<AlertSubject> Subjects,
    IReadOnlyList<AlertUnit> Units,
    IReadOnlyList<SentRecord> Sent,
    IReadOnlyList<AlertSilence> Silences);

/// <summary>Why a subject (or one of its messages) produced nothing.</summary>
public enum SuppressionReason
{
    /// <summary>A silence covers it; the detail carries the silence's reason and author.</summary>
    Silenced,

    /// <summary>Its source could not be checked, so item findings from it are not trustworthy.</summary>
    Inhibited,

    /// <summary>The recipient's SMS budget for that day is spent.</summary>
    OverBudget,

    /// <summary>Its unit is not in the routing table (a config gap, reported rather than dropped).</summary>
    UnknownUnit,
}

/// <summary>A subject, or one recipient's message about it, that the plan deliberately leaves out.</summary>
/// <param name="Recipient">Set when only one recipient's message was left out (budget); null when the whole subject was.</param>
public sealed record SuppressedAlert(string SubjectKey, SuppressionReason Reason, string Detail, Recipient? Recipient = null);

/// <summary>The policy's decision at one instant: messages to record in the outbox, and what was left out and why.</summary>
public sealed record AlertPlan(IReadOnlyList<AlertMessage> Messages, IReadOnlyList<SuppressedAlert> Suppressed)
{
    /// <summary>SMS messages left out because a recipient's daily budget was spent.</summary>
    public int OverBudgetCount => Suppressed.Count(s => s.Reason == SuppressionReason.OverBudget);
}
