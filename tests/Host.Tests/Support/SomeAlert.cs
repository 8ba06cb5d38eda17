using Monitor.Alerting;

namespace Monitor.Host.Tests.Support;

/// <summary>An alert message to the sample's 城管委 by e-mail, planned and due at <paramref name="at"/> (store and outbox tests).</summary>
internal static class SomeAlert
{
    public static AlertMessage ToCityManagement(string id, DateTimeOffset at) => new(
        id,
        $"finding-{id}|Alert",
        AlertLevel.Alert,
        new Recipient("cgw", "城管委办公室", ChannelKind.Email, "cgw@example.com"),
        "【政务公开告警】市城市管理委员会：应公开未公开",
        "正文",
        "<p>正文</p>",
        [$"finding-{id}"],
        at,
        at);
}
