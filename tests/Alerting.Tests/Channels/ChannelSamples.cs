using Monitor.Alerting.Channels;

namespace Monitor.Alerting.Tests.Channels;

/// <summary>Messages and options as the policy would hand them to a channel; tests change fields with <c>with</c>.</summary>
internal static class ChannelSamples
{
    /// <summary>2026-12-01 09:30 in Asia/Shanghai.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(8));

    /// <summary>A title as a hostile or sloppy page might carry it.</summary>
    public const string CrawledTitle = "<script>alert('x')</script>2026年<b>义务教育</b>招生方案";

    public static AlertMessage Message(ChannelKind channel = ChannelKind.Email, string? address = null) => new(
        Id: "alert-jyj-ywjy-zsfa-2026-email",
        DedupKey: "alert:f-alert:2026-12-01",
        Level: AlertLevel.Alert,
        Recipient: new Recipient("jyj", "市教育局政务公开联络员", channel, address ?? DefaultAddress(channel)),
        Subject: "【政务公开告警】市教育局：招生方案未按期公开",
        TextBody: "市教育局：2026年义务教育招生方案应于2026年11月20日前公开，至今未见。依据《政府信息公开条例》第二十六条，请于3个工作日内公开。",
        HtmlBody: "<html><body><p>市教育局：</p><p>栏目文章《" + SafeHtml.Text(CrawledTitle) + "》未按期公开。</p></body></html>",
        SubjectKeys: ["f-alert"],
        PlannedAt: Now,
        NotBefore: Now);

    public static EmailChannelOptions Email(int port) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        Security = SmtpSecurity.None,
        FromName = "义乌市政务公开办",
        FromAddress = "gkb@yiwu.example.gov.cn",
        Timeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Environment lookups for tests: only the given variables exist.</summary>
    public static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private static string DefaultAddress(ChannelKind channel) => channel switch
    {
        ChannelKind.Email => "gk@jyj.yiwu.example.gov.cn",
        ChannelKind.Sms => "13800000000",
        _ => "https://robot.example.invalid/send?access_token=abc",
    };
}
