using Monitor.RuleEngine.Evaluation;

namespace Monitor.Alerting.Policy;

/// <summary>
/// A department or town as alert routing sees it (from <c>config/…/departments.yaml</c>): who hears about its
/// subjects first, which leader hears about them when they stay unresolved, and whether it is the supervision
/// office (政务公开监督部门) that receives vetoes and second-stage escalations.
/// </summary>
/// <param name="Id">Unit id, the <see cref="AlertSubject.DepartmentId"/> of its subjects.</param>
/// <param name="Name">Chinese name shown in messages (e.g. 市教育局).</param>
/// <param name="Contacts">The unit's own recipients, one per channel and address (e-mail, mobile, robot webhook).</param>
/// <param name="Leaders">The leader (分管领导) recipients for the first escalation; may be empty.</param>
/// <param name="IsSupervisionOffice">True for the one unit that supervises disclosure; its contacts receive vetoes and second escalations.</param>
public sealed record AlertUnit(
    string Id,
    string Name,
    DepartmentKind Kind,
    IReadOnlyList<Recipient> Contacts,
    IReadOnlyList<Recipient> Leaders,
    bool IsSupervisionOffice = false)
{
    public string Id { get; } = string.IsNullOrWhiteSpace(Id) ? throw new ArgumentException("A unit needs an id.", nameof(Id)) : Id;

    public IReadOnlyList<Recipient> Contacts { get; } = Contacts ?? throw new ArgumentNullException(nameof(Contacts));

    public IReadOnlyList<Recipient> Leaders { get; } = Leaders ?? throw new ArgumentNullException(nameof(Leaders));
}
