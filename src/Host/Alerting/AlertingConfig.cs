using Monitor.Alerting;
using Monitor.Alerting.Channels;
using Monitor.Alerting.Policy;
using Monitor.Host.Logging;

namespace Monitor.Host.Alerting;

/// <summary>
/// The <c>alerting:</c> section of deployment.yaml (how the outbox is dispatched, the channels, the policy) and the
/// deployment's optional <c>silences.yaml</c>.
/// </summary>
internal sealed record AlertingConfig
{
    /// <summary>Lease, back-off and attempt limit of the dispatcher.</summary>
    public DispatchOptions Dispatch { get; init; } = new();

    /// <summary>
    /// The alert policy (<c>alerting.policy</c>): early-warning, escalation and repeat intervals in working days, digest time
    /// and channels, SMS window and daily budget. Defaults of <see cref="AlertPolicyOptions"/> when the section is absent.
    /// </summary>
    public AlertPolicyOptions Policy { get; init; } = new();

    /// <summary>
    /// The e-mail channel (<c>alerting.smtp</c>; sender from <c>mail:</c>); null: e-mail messages wait in the outbox with
    /// the reason "未配置邮件渠道".
    /// </summary>
    public EmailChannelOptions? Email { get; init; }

    /// <summary>SMS through a generic HTTP gateway (<c>alerting.sms</c>, <c>provider: gateway</c>); null when not configured.</summary>
    public HttpSmsGatewayOptions? SmsGateway { get; init; }

    /// <summary>SMS through Aliyun SendSms (<c>alerting.sms</c>, <c>provider: aliyun</c>); null when not configured.</summary>
    public AliyunSmsOptions? AliyunSms { get; init; }

    /// <summary>The DingTalk robot channel (<c>alerting.dingTalk</c>); null: DingTalk messages wait in the outbox.</summary>
    public DingTalkRobotOptions? DingTalk { get; init; }

    /// <summary>The WeCom robot channel (<c>alerting.weCom</c>); null: WeCom messages wait in the outbox.</summary>
    public WeComRobotOptions? WeCom { get; init; }

    /// <summary>Silences from <c>silences.yaml</c> (expired ones included; the policy ignores them). Default none.</summary>
    public IReadOnlyList<AlertSilence> Silences { get; init; } = [];

    /// <summary>The SMTP password read from the environment at load time, kept only so logs can mask it.</summary>
    public Secret? SmtpPassword { get; init; }

    /// <summary>The SMS provider's secrets (gateway secret headers, Aliyun AccessKey secret), kept only so logs can mask them.</summary>
    public IReadOnlyList<Secret> SmsSecrets { get; init; } = [];

    /// <summary>Every secret of the section (for masking in logs).</summary>
    public IEnumerable<Secret?> Secrets => SmsSecrets.Prepend(SmtpPassword);

    /// <summary>
    /// The configured channels, one per kind. Channels read their secrets from the environment variables named in the
    /// configuration (checked when the deployment was loaded).
    /// </summary>
    public IReadOnlyList<IAlertChannel> CreateChannels(HttpClient http, TimeProvider time) =>
        [.. new AlertChannelsOptions { Email = Email, SmsGateway = SmsGateway, AliyunSms = AliyunSms, DingTalk = DingTalk, WeCom = WeCom }
            .CreateChannels(http, time).Values];
}
