using Monitor.Alerting.Policy;
using Monitor.RuleEngine.Evaluation;
using static Monitor.Alerting.Tests.Policy.PolicyWorld;

namespace Monitor.Alerting.Tests.Policy;

public sealed class AlertPolicyTests
{
    // Thu 2026-12-03: an ordinary working day.
    private static readonly DateTimeOffset Morning = Shanghai(12, 3, 9);

    [Fact]
    public void AnSmsPlannedAt22IsHeldUntil08TheNextMorningWhileMailGoesAtOnce()
    {
        var world = new PolicyWorld(Shanghai(12, 3, 22));
        var plan = world.Plan([Subject("f-late")], send: false);

        var sms = plan.Messages.Single(m => m.Recipient == JyjSms);
        var mail = plan.Messages.Single(m => m.Recipient == JyjMail && m.Level == AlertLevel.Alert);
        Assert.Equal(Shanghai(12, 4, 8), sms.NotBefore);
        Assert.Equal(Shanghai(12, 3, 22), sms.PlannedAt);
        Assert.Equal(Shanghai(12, 3, 22), mail.NotBefore);
    }

    [Fact]
    public void AnSmsPlannedBeforeTheWindowOpensWaitsForTheSameMorning()
    {
        var world = new PolicyWorld(Shanghai(12, 3, 6, 15));
        var sms = world.Plan([Subject("f-late")], send: false).Messages.Single(m => m.Recipient == JyjSms);
        Assert.Equal(Shanghai(12, 3, 8), sms.NotBefore);
    }

    [Fact]
    public void TheDailyDigestGroupsAllOfADepartmentsOpenSubjectsInOneMessagePerChannel()
    {
        var world = new PolicyWorld(Shanghai(12, 3, 8, 30));
        var subjects = new[]
        {
            Subject("f-alert"),
            Subject("f-stale", severity: Severity.Warning, kind: FindingKind.StaleHomepage),
            Subject("due:soon", due: new DateOnly(2026, 12, 7)),
        };

        var digests = world.Plan(subjects).Messages.Where(m => m.Level == AlertLevel.Digest).ToList();

        Assert.Equal([ChannelKind.Email, ChannelKind.DingTalk], digests.Select(m => m.Recipient.Channel).Order());
        var mail = digests.Single(m => m.Recipient.Channel == ChannelKind.Email);
        Assert.Equal(["f-alert", "due:soon", "f-stale"], mail.SubjectKeys);
        Assert.Contains("3项问题待处理", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("首页不更新", mail.TextBody, StringComparison.Ordinal);

        // Once per working day.
        Assert.DoesNotContain(world.Plan(subjects).Messages, m => m.Level == AlertLevel.Digest);
    }

    [Fact]
    public void NoDigestIsPlannedBeforeTheDigestTimeOrOnADayOff()
    {
        Assert.DoesNotContain(new PolicyWorld(Shanghai(12, 3, 8, 29)).Plan([Subject("f")]).Messages, m => m.Level == AlertLevel.Digest);
        Assert.DoesNotContain(new PolicyWorld(Shanghai(12, 5, 9)).Plan([Subject("f")]).Messages, m => m.Level == AlertLevel.Digest);
    }

    [Fact]
    public void AnAlertIsSentOncePerRecipientWithinTheRepeatIntervalAndAgainAfterIt()
    {
        var world = new PolicyWorld(Morning);
        var fresh = Subject("f") with { OpenedAt = Morning };
        Assert.Equal(3, world.Plan([fresh]).Messages.Count(m => m.Level == AlertLevel.Alert));

        world.SetNow(Shanghai(12, 3, 17));
        Assert.DoesNotContain(world.Plan([fresh]).Messages, m => m.Level == AlertLevel.Alert);

        world.SetNow(Shanghai(12, 4, 9));
        Assert.Equal(3, world.Plan([fresh]).Messages.Count(m => m.Level == AlertLevel.Alert));
    }

    [Fact]
    public void PlanningTwiceWithoutSendingGivesTheSameMessageIds()
    {
        var world = new PolicyWorld(Morning);
        var first = world.Plan([Subject("f"), Subject("g")], send: false).Messages.Select(m => m.Id).ToList();
        var second = world.Plan([Subject("g"), Subject("f")], send: false).Messages.Select(m => m.Id).ToList();

        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Distinct().Count());
        Assert.All(first, id => Assert.Matches("^[0-9a-f]{32}$", id));
    }

    [Fact]
    public void ASilencedSubjectSendsNothingAndIsRecordedWithTheSilencesReason()
    {
        var world = new PolicyWorld(Morning);
        world.Silences.Add(new AlertSilence("网站改版停机维护", "政务公开办张工", Shanghai(12, 10, 0), SourceId: "ywjy"));

        var plan = world.Plan([Subject("f")]);

        Assert.Empty(plan.Messages);
        var suppressed = Assert.Single(plan.Suppressed);
        Assert.Equal(SuppressionReason.Silenced, suppressed.Reason);
        Assert.Contains("网站改版停机维护", suppressed.Detail, StringComparison.Ordinal);
        Assert.Contains("政务公开办张工", suppressed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ASilenceForAnotherKindOrAnExpiredSilenceDoesNotApply()
    {
        var world = new PolicyWorld(Morning);
        world.Silences.Add(new AlertSilence("首页改版", "政务公开办", Shanghai(12, 10, 0), Kind: FindingKind.StaleHomepage));
        world.Silences.Add(new AlertSilence("已过期", "政务公开办", Shanghai(12, 3, 8), DepartmentId: "jyj"));

        var plan = world.Plan([Subject("f")]);

        Assert.Empty(plan.Suppressed);
        Assert.Contains(plan.Messages, m => m.Level == AlertLevel.Alert);
    }

    [Fact]
    public void ASilenceWithoutCriteriaSilencesNothing()
    {
        var world = new PolicyWorld(Morning);
        world.Silences.Add(new AlertSilence("误配置", "政务公开办", Shanghai(12, 10, 0)));

        var plan = world.Plan([Subject("f")]);

        Assert.Empty(plan.Suppressed);
        Assert.Contains(plan.Messages, m => m.Level == AlertLevel.Alert);
    }

    [Fact]
    public void SmsBeyondTheDailyBudgetIsNotPlannedButCounted()
    {
        var world = new PolicyWorld(Morning);
        var subjects = Enumerable.Range(1, 12).Select(i => Subject($"f{i:00}")).ToList();

        var plan = world.Plan(subjects);

        Assert.Equal(10, plan.Messages.Count(m => m.Recipient == JyjSms));
        Assert.Equal(2, plan.OverBudgetCount);
        Assert.All(plan.Suppressed, s => Assert.Equal(JyjSms, s.Recipient));
        Assert.Equal(12, plan.Messages.Count(m => m.Recipient == JyjMail && m.Level == AlertLevel.Alert));
    }

    [Fact]
    public void TheBudgetGoesToVetoesBeforeAlerts()
    {
        var world = new PolicyWorld(Morning, new AlertPolicyOptions { SmsDailyBudgetPerRecipient = 1 });
        var plan = world.Plan([Subject("a-alert"), Subject("z-veto", severity: Severity.Veto, kind: FindingKind.StaleHomepage)]);

        var sms = Assert.Single(plan.Messages, m => m.Recipient == JyjSms);
        Assert.Equal(AlertLevel.Veto, sms.Level);
        Assert.Equal("a-alert", Assert.Single(plan.Suppressed).SubjectKey);
    }

    [Fact]
    public void ItemFindingsOfAnUnreachableSourceAreInhibitedButTheUnreachableFindingIsSent()
    {
        var world = new PolicyWorld(Morning);
        var plan = world.Plan(
        [
            Subject("f-item") with { SourceUnreachable = true },
            Subject("f-down", kind: FindingKind.Unreachable) with { SourceUnreachable = true },
        ]);

        Assert.Equal(SuppressionReason.Inhibited, Assert.Single(plan.Suppressed, s => s.SubjectKey == "f-item").Reason);
        Assert.DoesNotContain(plan.Messages, m => m.SubjectKeys.Contains("f-item"));
        Assert.Contains(plan.Messages, m => m.Level == AlertLevel.Alert && m.SubjectKeys.Contains("f-down"));
    }

    [Fact]
    public void AVetoGoesToTheUnitItsLeaderAndTheSupervisionOfficeAtOnce()
    {
        var world = new PolicyWorld(Morning);
        var veto = Subject("f-home", severity: Severity.Veto, kind: FindingKind.StaleHomepage) with { OpenedAt = Morning };

        var plan = world.Plan([veto]);

        var recipients = plan.Messages.Where(m => m.Level == AlertLevel.Veto).Select(m => m.Recipient).ToList();
        Assert.Contains(OfficeMail, recipients);
        Assert.Contains(JyjLeader, recipients);
        Assert.Contains(JyjMail, recipients);
        Assert.Contains("否决", plan.Messages.Single(m => m.Recipient == OfficeMail).Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void AWarningSeverityFindingGetsOneWarningMessageAndThenOnlyTheDigest()
    {
        var world = new PolicyWorld(Morning);
        var stale = Subject("f-stale", severity: Severity.Warning, kind: FindingKind.StaleHomepage);

        Assert.Equal(3, world.Plan([stale]).Messages.Count(m => m.Level == AlertLevel.Warning));
        world.SetNow(Shanghai(12, 4, 9));
        var next = world.Plan([stale]).Messages;
        Assert.DoesNotContain(next, m => m.Level == AlertLevel.Warning);
        Assert.Contains(next, m => m.Level == AlertLevel.Digest && m.SubjectKeys.Contains("f-stale"));
    }

    [Fact]
    public void AResolvedSubjectNobodyWasToldAboutSendsNoNotice()
    {
        var world = new PolicyWorld(Morning);
        Assert.Empty(world.Plan([Subject("f") with { ResolvedAt = Shanghai(12, 3, 8) }]).Messages);
    }

    [Fact]
    public void ASubjectOfAnUnknownUnitIsReportedNotDropped()
    {
        var world = new PolicyWorld(Morning);
        var plan = world.Plan([Subject("f") with { DepartmentId = "nobody" }]);
        Assert.Equal(SuppressionReason.UnknownUnit, Assert.Single(plan.Suppressed).Reason);
    }
}
