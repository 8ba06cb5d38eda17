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

    public IReadOnlyList<AlertMessage> Plan(IReadOnlyList<AlertSubject> subjects, IReadOnlyList<SentRecord> sent, DateTimeOffset now)
    {
        var plan = policy.Plan(new PolicyInput(now, subjects, units, sent, []));
        LastSuppressed = plan.Suppressed;
        return plan.Messages;
    }

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
