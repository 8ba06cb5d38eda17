using Monitor.RuleEngine.Evaluation;

namespace Monitor.Alerting.Policy;

/// <summary>
/// A deliberate, recorded pause of alerts (e.g. a site under planned maintenance). It matches a subject when
/// every criterion it sets matches (at least one must be set) and <paramref name="ExpiresAt"/> lies ahead.
/// A silenced subject sends nothing and is listed in the plan as suppressed with the silence's reason and author.
/// </summary>
/// <param name="Reason">Why (shown in the plan and the audit log), e.g. 网站改版停机维护.</param>
/// <param name="Author">Who set it.</param>
/// <param name="ExpiresAt">From this instant on the silence no longer applies.</param>
/// <param name="SourceId">Silence one source's subjects.</param>
/// <param name="DepartmentId">Silence one unit's subjects.</param>
/// <param name="Kind">Silence one finding kind.</param>
public sealed record AlertSilence(
    string Reason,
    string Author,
    DateTimeOffset ExpiresAt,
    string? SourceId = null,
    string? DepartmentId = null,
    FindingKind? Kind = null)
{
    public string Reason { get; } = string.IsNullOrWhiteSpace(Reason) ? throw new ArgumentException("A silence needs a reason.", nameof(Reason)) : Reason;

    public string Author { get; } = string.IsNullOrWhiteSpace(Author) ? throw new ArgumentException("A silence needs an author.", nameof(Author)) : Author;

    /// <summary>Whether this silence covers the subject at <paramref name="now"/>.</summary>
    public bool Covers(AlertSubject subject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (now >= ExpiresAt || (SourceId is null && DepartmentId is null && Kind is null))
        {
            // A silence without criteria would mute everything; it matches nothing instead, so a
            // mistyped silence can never swallow all alerts.
            return false;
        }

        return (SourceId is null || string.Equals(SourceId, subject.SourceId, StringComparison.Ordinal))
            && (DepartmentId is null || string.Equals(DepartmentId, subject.DepartmentId, StringComparison.Ordinal))
            && (Kind is null || Kind == subject.Kind);
    }
}
