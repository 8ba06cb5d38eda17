namespace Monitor.Alerting.Channels;

/// <summary>
/// Aliyun SMS (短信服务) <c>SendSms</c> over the RPC API with its documented HMAC-SHA1 request signature.
/// The message text goes into the template as one parameter, named by <see cref="TextParameter"/>.
/// </summary>
public sealed record AliyunSmsOptions
{
    /// <summary>API endpoint. Default <c>https://dysmsapi.aliyuncs.com/</c>.</summary>
    public string Endpoint { get; init; } = "https://dysmsapi.aliyuncs.com/";

    /// <summary>AccessKey id (not secret). Required.</summary>
    public string AccessKeyId { get; init; } = string.Empty;

    /// <summary>Name of the environment variable that holds the AccessKey secret. Default <c>ALIYUN_SMS_ACCESS_KEY_SECRET</c>.</summary>
    public string AccessKeySecretVariable { get; init; } = "ALIYUN_SMS_ACCESS_KEY_SECRET";

    /// <summary>Approved signature name (签名名称), e.g. 义乌政务公开. Required.</summary>
    public string SignName { get; init; } = string.Empty;

    /// <summary>Approved template code, e.g. <c>SMS_123456789</c>. Required.</summary>
    public string TemplateCode { get; init; } = string.Empty;

    /// <summary>Template variable that receives the message text (<c>${content}</c> in the template). Default <c>content</c>.</summary>
    public string TextParameter { get; init; } = "content";

    /// <summary>Region id sent with the request. Default <c>cn-hangzhou</c>.</summary>
    public string RegionId { get; init; } = "cn-hangzhou";

    /// <summary>Time allowed for one request, connection included. Default 10 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The problems with these options, one sentence each; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            errors.Add($"Aliyun SMS {nameof(Endpoint)} must be an absolute http(s) URL (was '{Endpoint}').");
        if (string.IsNullOrWhiteSpace(AccessKeyId))
            errors.Add($"Aliyun SMS {nameof(AccessKeyId)} is required.");
        if (string.IsNullOrWhiteSpace(AccessKeySecretVariable))
            errors.Add($"Aliyun SMS {nameof(AccessKeySecretVariable)} must name an environment variable.");
        if (string.IsNullOrWhiteSpace(SignName))
            errors.Add($"Aliyun SMS {nameof(SignName)} is required.");
        if (string.IsNullOrWhiteSpace(TemplateCode))
            errors.Add($"Aliyun SMS {nameof(TemplateCode)} is required.");
        if (string.IsNullOrWhiteSpace(TextParameter))
            errors.Add($"Aliyun SMS {nameof(TextParameter)} is required.");
        if (Timeout <= TimeSpan.Zero)
            errors.Add($"Aliyun SMS {nameof(Timeout)} must be positive (was {Timeout}).");
        return errors;
    }
}
