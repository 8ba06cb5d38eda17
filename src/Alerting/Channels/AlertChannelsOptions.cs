namespace Monitor.Alerting.Channels;

/// <summary>
/// Which channels a deployment uses and how each is reached (section <c>Alerting:Channels</c>). A channel left
/// out is not available: messages planned for it fail permanently instead of being sent somewhere else.
/// </summary>
public sealed record AlertChannelsOptions
{
    /// <summary>E-mail over SMTP. Default null: no e-mail.</summary>
    public EmailChannelOptions? Email { get; init; }

    /// <summary>SMS through a generic HTTP gateway. Default null. At most one of this and <see cref="AliyunSms"/>.</summary>
    public HttpSmsGatewayOptions? SmsGateway { get; init; }

    /// <summary>SMS through Aliyun SendSms. Default null. At most one of this and <see cref="SmsGateway"/>.</summary>
    public AliyunSmsOptions? AliyunSms { get; init; }

    /// <summary>DingTalk custom robots. Default null: no DingTalk.</summary>
    public DingTalkRobotOptions? DingTalk { get; init; }

    /// <summary>WeCom group robots. Default null: no WeCom.</summary>
    public WeComRobotOptions? WeCom { get; init; }

    /// <summary>The problems with these options and every configured channel's, one sentence each.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SmsGateway is not null && AliyunSms is not null)
            errors.Add($"Configure one SMS provider: {nameof(SmsGateway)} or {nameof(AliyunSms)}, not both.");
        errors.AddRange(Email?.Validate() ?? []);
        errors.AddRange(SmsGateway?.Validate() ?? []);
        errors.AddRange(AliyunSms?.Validate() ?? []);
        errors.AddRange(DingTalk?.Validate() ?? []);
        errors.AddRange(WeCom?.Validate() ?? []);
        return errors;
    }

    /// <summary>
    /// One channel per configured kind. Throws <see cref="ArgumentException"/> with every problem when the options
    /// are invalid or a secret's environment variable is unset, so a bad deployment stops at start-up.
    /// </summary>
    /// <param name="http">Shared client for the web channels; each channel applies its own timeout per request.</param>
    /// <param name="environment">Reads environment variables (secrets); default <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    public IReadOnlyDictionary<ChannelKind, IAlertChannel> CreateChannels(HttpClient http, TimeProvider time, Func<string, string?>? environment = null)
    {
        var errors = Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors));

        var channels = new Dictionary<ChannelKind, IAlertChannel>();
        if (Email is not null)
            channels[ChannelKind.Email] = new EmailChannel(Email, time, environment);
        if (SmsGateway is not null)
            channels[ChannelKind.Sms] = new HttpSmsGatewayChannel(http, SmsGateway, time, environment);
        if (AliyunSms is not null)
            channels[ChannelKind.Sms] = new AliyunSmsChannel(http, AliyunSms, time, environment);
        if (DingTalk is not null)
            channels[ChannelKind.DingTalk] = new DingTalkRobotChannel(http, DingTalk, time, environment);
        if (WeCom is not null)
            channels[ChannelKind.WeCom] = new WeComRobotChannel(http, WeCom, time);
        return channels;
    }
}
