namespace Monitor.Alerting.Channels;

/// <summary>
/// WeCom (企业微信) group robot. The recipient's address is either the full webhook URL or only its key,
/// which is then appended to <see cref="WebhookBase"/>.
/// </summary>
public sealed record WeComRobotOptions
{
    /// <summary>Webhook prefix a bare key is appended to. Default <c>https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=</c>.</summary>
    public string WebhookBase { get; init; } = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=";

    /// <summary>Time allowed for one request, connection included. Default 10 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest message in UTF-8 bytes; longer text is cut with a note. Default 2,048, the limit WeCom sets for text messages.</summary>
    public int MaxContentBytes { get; init; } = 2048;

    /// <summary>The problems with these options, one sentence each; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(WebhookBase, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            errors.Add($"WeCom {nameof(WebhookBase)} must be an absolute http(s) URL (was '{WebhookBase}').");
        if (Timeout <= TimeSpan.Zero)
            errors.Add($"WeCom {nameof(Timeout)} must be positive (was {Timeout}).");
        if (MaxContentBytes is < 200 or > 2048)
            errors.Add($"WeCom {nameof(MaxContentBytes)} must be between 200 and 2048 (was {MaxContentBytes}).");
        return errors;
    }
}
