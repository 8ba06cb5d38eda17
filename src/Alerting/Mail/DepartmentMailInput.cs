using Monitor.RuleEngine.Evaluation;

namespace Monitor.Alerting.Mail;

/// <summary>Everything one department's warning mail is made of.</summary>
/// <param name="Department">The responsible unit; every finding must belong to it.</param>
/// <param name="To">Recipients (the unit's disclosure contacts). May be empty when only a preview .eml is written.</param>
/// <param name="Findings">The unit's open findings at the as-of time; at least one.</param>
/// <param name="SourceNames">Source id → Chinese column name (栏目名称), used to say where a finding is; unknown ids are shown as the id.</param>
public sealed record DepartmentMailInput(
    DepartmentInfo Department,
    IReadOnlyList<MailContact> To,
    IReadOnlyList<Finding> Findings,
    IReadOnlyDictionary<string, string> SourceNames);
