using Monitor.Alerting.Policy;
using static Monitor.Alerting.Tests.Policy.PolicyWorld;

namespace Monitor.Alerting.Tests.Policy;

/// <summary>
/// One obligation due on Friday 2026-10-09, just after the National Day holiday (10-01…10-07 off, Saturday
/// 10-10 a make-up working day), followed day by day with a fake clock and the real calendar. Guards against
/// counting calendar days instead of working days, which would warn in the middle of the holiday.
/// </summary>
public sealed class AlertPolicyTimelineTests
{
    private static readonly DateOnly Due = new(2026, 10, 9);

    [Fact]
    public void AnObligationIsWarnedEscalatedAndResolvedOnWorkingDaysAcrossNationalDay()
    {
        var world = new PolicyWorld(Shanghai(9, 28, 9));
        var open = new[] { Subject("due:ywjy:zsfa:2026", Due) };

        // Mon 09-28: four working days remain (09-29, 09-30, 10-08, 10-09): too early.
        Assert.Empty(world.Plan(open).Messages);

        // Tue 09-29: three working days remain: one 预警 to each of the unit's contacts.
        world.SetNow(Shanghai(9, 29, 9));
        var warning = Immediate(world.Plan(open));
        Assert.All(warning, m => Assert.Equal(AlertLevel.Warning, m.Level));
        Assert.Equal([JyjMail, JyjSms, JyjRobot], Recipients(warning));
        Assert.Contains("剩余3个工作日", warning[0].Subject, StringComparison.Ordinal);

        // Wed 09-30 and Thu 10-08: the warning is not repeated (the digest carries it).
        world.SetNow(Shanghai(9, 30, 9));
        Assert.Empty(Immediate(world.Plan(open)));
        world.SetNow(Shanghai(10, 8, 9));
        Assert.Empty(Immediate(world.Plan(open)));

        // Sat 10-10, the make-up working day after the due date: 告警 to the unit only.
        world.SetNow(Shanghai(10, 10, 9));
        var alert = Immediate(world.Plan(open));
        Assert.All(alert, m => Assert.Equal(AlertLevel.Alert, m.Level));
        Assert.Equal([JyjMail, JyjSms, JyjRobot], Recipients(alert));

        // Sun 10-11 is off: the repeat interval (one working day) has not passed.
        world.SetNow(Shanghai(10, 11, 9));
        Assert.Empty(Immediate(world.Plan(open)));

        // Mon 10-12: repeated to the unit, still no leader (2 working days overdue = K, not more).
        world.SetNow(Shanghai(10, 12, 9));
        Assert.Equal([JyjMail, JyjSms, JyjRobot], Recipients(Immediate(world.Plan(open))));

        // Tue 10-13: more than K=2 working days overdue: the leader is added.
        world.SetNow(Shanghai(10, 13, 9));
        var leader = Immediate(world.Plan(open));
        Assert.Equal([JyjMail, JyjSms, JyjRobot, JyjLeader], Recipients(leader));
        Assert.Contains("提请督办", leader.Single(m => m.Recipient == JyjLeader).Subject, StringComparison.Ordinal);

        // Wed 10-14: 4 working days overdue: still not the office.
        world.SetNow(Shanghai(10, 14, 9));
        Assert.DoesNotContain(OfficeMail, Recipients(Immediate(world.Plan(open))));

        // Thu 10-15: more than 2K: the supervision office is added.
        world.SetNow(Shanghai(10, 15, 9));
        var office = Immediate(world.Plan(open));
        Assert.Equal([JyjMail, JyjSms, JyjRobot, JyjLeader, OfficeMail], Recipients(office));
        Assert.Contains("报送政务公开监督部门", office.Single(m => m.Recipient == OfficeMail).TextBody, StringComparison.Ordinal);

        // Fri 10-16: published at 10:00; at 10:30 everyone who was told gets one resolution notice, once.
        world.SetNow(Shanghai(10, 16, 10, 30));
        var resolved = new[] { open[0] with { ResolvedAt = Shanghai(10, 16, 10) } };
        var notices = world.Plan(resolved).Messages;
        Assert.All(notices, m => Assert.Equal(AlertLevel.Resolved, m.Level));
        Assert.Equal([JyjMail, JyjSms, JyjRobot, JyjLeader, OfficeMail], Recipients(notices));
        Assert.StartsWith("【政务公开解除】市教育局", notices.Single(m => m.Recipient == OfficeMail).Subject, StringComparison.Ordinal);
        Assert.Contains("市教育局的以下问题", notices.Single(m => m.Recipient == JyjLeader).TextBody, StringComparison.Ordinal);
        Assert.Empty(world.Plan(resolved).Messages);
    }

    [Fact]
    public void AWarningPlannedBeforeTheDigestTimeWaitsForItButAnAlertGoesAtOnce()
    {
        // 07:00 on Tue 09-29: the 预警 is decided now but goes out with the digest at 08:30 (only alerts and vetoes are immediate).
        var world = new PolicyWorld(Shanghai(9, 29, 7));
        var warning = world.Plan([Subject("due:ywjy:zsfa:2026", Due)], send: false).Messages.Where(m => m.Level == AlertLevel.Warning).ToList();
        Assert.NotEmpty(warning);
        Assert.All(warning, m => Assert.True(m.NotBefore >= Shanghai(9, 29, 8, 30), $"{m.Recipient.Channel} {m.NotBefore}"));

        var overdue = new PolicyWorld(Shanghai(10, 10, 7)).Plan([Subject("due:ywjy:zsfa:2026", Due)], send: false).Messages
            .Where(m => m.Level == AlertLevel.Alert && m.Recipient.Channel != ChannelKind.Sms).ToList();
        Assert.NotEmpty(overdue);
        Assert.All(overdue, m => Assert.Equal(Shanghai(10, 10, 7), m.NotBefore));
    }

    [Fact]
    public void AnObligationFirstSeenInTheHolidayCountsOnlyTheWorkingDaysLeft()
    {
        // On holiday 10-06 three calendar days remain but only two working days (10-08, 10-09).
        var world = new PolicyWorld(Shanghai(10, 6, 9));
        var open = new[] { Subject("due:ywjy:zsfa:2026", Due) };
        var plan = world.Plan(open, send: false);
        Assert.Contains(plan.Messages, m => m.Level == AlertLevel.Warning && m.Subject.Contains("剩余2个工作日", StringComparison.Ordinal));
    }

    private static List<AlertMessage> Immediate(AlertPlan plan) => [.. plan.Messages.Where(m => m.Level != AlertLevel.Digest)];

    private static List<Recipient> Recipients(IEnumerable<AlertMessage> messages) =>
        [.. messages.Select(m => m.Recipient).OrderBy(r => Rank(r))];

    // Unit contacts first (mail, SMS, robot), then the leader, then the office: the escalation order.
    private static int Rank(Recipient r) =>
        r == JyjMail ? 0 : r == JyjSms ? 1 : r == JyjRobot ? 2 : r == JyjLeader ? 3 : r == OfficeMail ? 4 : 5;
}
