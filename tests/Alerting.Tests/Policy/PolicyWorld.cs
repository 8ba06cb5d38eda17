using Microsoft.Extensions.Time.Testing;
using Monitor.Alerting.Policy;
using Monitor.RuleEngine.Calendar;
using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;

namespace Monitor.Alerting.Tests.Policy;

/// <summary>
/// A small county for policy tests: the real 2026 calendar, the education bureau with e-mail, SMS and DingTalk
/// contacts and a leader, the supervision office, and an outbox that records what a plan "sent".
/// </summary>
internal sealed class PolicyWorld
{
    public static readonly Recipient JyjMail = new("jyj", "市教育局政务公开联络员", ChannelKind.Email, "gk@jyj.example.gov.cn");
    public static readonly Recipient JyjSms = new("jyj", "市教育局政务公开联络员", ChannelKind.Sms, "13800000001");
    public static readonly Recipient JyjRobot = new("jyj", "市教育局工作群", ChannelKind.DingTalk, "https://oapi.dingtalk.example/robot/send?access_token=jyj");
    public static readonly Recipient JyjLeader = new("jyj", "市教育局分管领导", ChannelKind.Email, "leader@jyj.example.gov.cn");
    public static readonly Recipient OfficeMail = new("gkb", "市政务公开办", ChannelKind.Email, "gkb@yiwu.example.gov.cn");

    public static readonly AlertUnit Education = new("jyj", "市教育局", DepartmentKind.Department, [JyjMail, JyjSms, JyjRobot], [JyjLeader]);

    public static readonly AlertUnit Office = new("gkb", "市政务公开办", DepartmentKind.Office, [OfficeMail], [], IsSupervisionOffice: true);

    private static readonly Lazy<WorkingDayCalendar> LoadedCalendar = new(() =>
        RuleSetLoader.Load(Path.Combine(RepoRoot(), "rules")).Calendar ?? throw new InvalidOperationException("rules/ has no calendar"));

    public PolicyWorld(DateTimeOffset start, AlertPolicyOptions? options = null)
    {
        Clock = new FakeTimeProvider(start);
        Policy = new AlertPolicy(options ?? new AlertPolicyOptions(), Calendar);
    }

    public static WorkingDayCalendar Calendar => LoadedCalendar.Value;

    public FakeTimeProvider Clock { get; }

    public AlertPolicy Policy { get; }

    public List<SentRecord> Sent { get; } = [];

    public List<AlertSilence> Silences { get; } = [];

    /// <summary>2026-mm-dd hh:mm in Asia/Shanghai.</summary>
    public static DateTimeOffset Shanghai(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    public static AlertSubject Subject(string key, DateOnly? due = null, Severity severity = Severity.Alert, FindingKind kind = FindingKind.MissingItem) => new(
        Key: key,
        Kind: kind,
        Severity: severity,
        DepartmentId: "jyj",
        SourceId: "ywjy",
        ItemId: "ywjy-zsfa",
        ItemName: "义务教育招生入学方案",
        Basis: "《义务教育领域基层政务公开标准指引》",
        DocumentUrl: "https://www.yiwu.example.gov.cn/col/ywjy/",
        DueDate: due,
        Message: "未在规定期限内公开招生入学方案",
        OpenedAt: Shanghai(9, 1, 9),
        ResolvedAt: null);

    public void SetNow(DateTimeOffset now) => Clock.SetUtcNow(now);

    /// <summary>Plans at the fake clock's now; with <paramref name="send"/> every message is recorded as sent when it may go out.</summary>
    public AlertPlan Plan(IReadOnlyList<AlertSubject> subjects, bool send = true)
    {
        var plan = Policy.Plan(new PolicyInput(Clock.GetUtcNow(), subjects, [Education, Office], [.. Sent], [.. Silences]));
        if (send)
        {
            Sent.AddRange(plan.Messages.Select(m => new SentRecord(m.Id, m.DedupKey, m.Level, m.Recipient, m.SubjectKeys, m.NotBefore)));
        }

        return plan;
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "rules", "ruleset.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (with rules/ruleset.yaml) not found above " + AppContext.BaseDirectory);
    }
}
