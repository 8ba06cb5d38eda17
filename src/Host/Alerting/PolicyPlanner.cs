using Monitor.Alerting;
using Monitor.Alerting.Policy;
using Monitor.Host.Configuration;

namespace Monitor.Host.Alerting;

/// <summary>The alert policy of issue 6 behind the planner seam, routed by the deployment's departments.yaml.</summary>
internal sealed class PolicyPlanner(AlertPolicy policy, Deployment deployment) : IAlertPlanner
{
    private readonly IReadOnlyList<AlertUnit> units = [.. deployment.Departments.Select(d => Unit(d, deployment.SupervisionOfficeId))];

    /// <summary>What the last plan left out and why (silences, inhibition, budgets, units without recipients).</summary>
    public IReadOnlyList<SuppressedAlert> LastSuppressed { get; private set; } = [];

    /// <summary>The subjects of the last plan by key, so what was left out can be shown with its unit and finding.</summary>
    public IReadOnlyDictionary<string, AlertSubject> LastSubjects { get; private set; } = new Dictionary<string, AlertSubject>();

    public IReadOnlyList<AlertMessage> Plan(IReadOnlyList<AlertSubject> subjects, IReadOnlyList<SentRecord> sent, DateTimeOffset now)
    {
        var plan = policy.Plan(new PolicyInput(now, subjects, units, sent, deployment.Alerting.Silences));
        LastSuppressed = plan.Suppressed;
        LastSubjects = subjects.ToDictionary(s => s.Key, StringComparer.Ordinal);
        return plan.Messages;
    }

    /// <summary>The silenced subjects of the last plan, with unit, finding text and the silence's reason and author.</summary>
    public IReadOnlyList<SilencedRow> LastSilenced(DateTimeOffset now) =>
    [
        .. LastSuppressed.Where(s => s.Reason == SuppressionReason.Silenced).Select(s => LastSubjects.TryGetValue(s.SubjectKey, out var subject)
            ? new SilencedRow(now, s.SubjectKey, subject.DepartmentId, subject.ItemName ?? subject.Message, s.Detail)
            : new SilencedRow(now, s.SubjectKey, "—", "—", s.Detail)),
    ];

    private static AlertUnit Unit(DepartmentConfig d, string officeId) =>
        new(d.Id, d.Name, d.Kind, [.. d.Contacts.SelectMany(c => Recipients(d.Id, c))], d.Leader is { } l ? [.. Recipients(d.Id, l)] : [], d.Id == officeId);

    /// <summary>One recipient per address a contact has; a webhook's platform is told by its host (DingTalk or WeCom).</summary>
    private static IEnumerable<Recipient> Recipients(string unitId, ContactConfig c)
    {
        if (c.Email is { } email)
        {
            yield return new Recipient(unitId, c.Name, ChannelKind.Email, email);
        }

        if (c.Mobile is { } mobile)
        {
            yield return new Recipient(unitId, c.Name, ChannelKind.Sms, mobile);
        }

        if (c.Webhook is { } hook && Uri.TryCreate(hook, UriKind.Absolute, out var uri))
        {
            if (uri.Host.EndsWith("dingtalk.com", StringComparison.OrdinalIgnoreCase))
            {
                yield return new Recipient(unitId, c.Name, ChannelKind.DingTalk, hook);
            }
            else if (uri.Host.EndsWith("weixin.qq.com", StringComparison.OrdinalIgnoreCase))
            {
                yield return new Recipient(unitId, c.Name, ChannelKind.WeCom, hook);
            }
        }
    }
}
