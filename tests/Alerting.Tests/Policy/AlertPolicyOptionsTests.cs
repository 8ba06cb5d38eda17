using Monitor.Alerting.Policy;

namespace Monitor.Alerting.Tests.Policy;

public sealed class AlertPolicyOptionsTests
{
    [Fact]
    public void DefaultsAreTheDocumentedOnes()
    {
        var options = new AlertPolicyOptions();

        Assert.Equal(3, options.EarlyWarningWorkingDays);
        Assert.Equal(2, options.EscalationWorkingDays);
        Assert.Equal(1, options.RepeatIntervalWorkingDays);
        Assert.Equal(new TimeOnly(8, 30), options.DigestTime);
        Assert.Equal(10, options.SmsDailyBudgetPerRecipient);
        Assert.Equal(new SendingWindow(new TimeOnly(8, 0), new TimeOnly(20, 0)), Assert.Single(options.SendingWindows, w => w.Key == ChannelKind.Sms).Value);
        Assert.Equal([ChannelKind.Email, ChannelKind.DingTalk, ChannelKind.WeCom], options.DigestChannels);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void ValidationNamesEachBadKey()
    {
        var options = new AlertPolicyOptions
        {
            EscalationWorkingDays = 0,
            SmsDailyBudgetPerRecipient = -1,
            SendingWindows = new Dictionary<ChannelKind, SendingWindow> { [ChannelKind.Sms] = new(new TimeOnly(20, 0), new TimeOnly(8, 0)) },
        };

        Assert.Equal(
            [
                "Alerting:Policy:EscalationWorkingDays must be between 1 and 30 (was 0).",
                "Alerting:Policy:SmsDailyBudgetPerRecipient must be between 0 and 1000 (was -1).",
                "Alerting:Policy:SendingWindows:Sms must open before it closes (was 20:00–08:00).",
            ],
            options.Validate());
        Assert.Throws<InvalidOperationException>(() => new AlertPolicy(options, PolicyWorld.Calendar));
    }
}
