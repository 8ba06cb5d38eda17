using Monitor.Alerting.Channels;
using Monitor.Host.Logging;

namespace Monitor.Host.Alerting;

/// <summary>The <c>alerting:</c> section of deployment.yaml: how the outbox is dispatched and how mail leaves.</summary>
internal sealed record AlertingConfig
{
    /// <summary>Lease, back-off and attempt limit of the dispatcher.</summary>
    public DispatchOptions Dispatch { get; init; } = new();

    /// <summary>
    /// The e-mail channel (<c>alerting.smtp</c>; sender from <c>mail:</c>); null: e-mail messages wait in the outbox with
    /// the reason "未配置邮件渠道".
    /// </summary>
    public EmailChannelOptions? Email { get; init; }

    /// <summary>The DingTalk robot channel (<c>alerting.dingTalk</c>); null: DingTalk messages wait in the outbox.</summary>
    public DingTalkRobotOptions? DingTalk { get; init; }

    /// <summary>The WeCom robot channel (<c>alerting.weCom</c>); null: WeCom messages wait in the outbox.</summary>
    public WeComRobotOptions? WeCom { get; init; }

    /// <summary>The SMTP password read from the environment at load time, kept only so logs can mask it.</summary>
    public Secret? SmtpPassword { get; init; }

    /// <summary>Every secret of the section (for masking in logs).</summary>
    public IEnumerable<Secret?> Secrets => [SmtpPassword];
}
