namespace Monitor.Alerting.Channels;

/// <summary>
/// A generic HTTP SMS gateway, described by templates instead of code. Placeholders <c>{mobile}</c>,
/// <c>{text}</c> and <c>{messageId}</c> are filled in once (text that itself contains a placeholder is not
/// expanded again) and escaped for where they stand: percent-encoded in the URL, JSON-escaped in a JSON body
/// (the template supplies the quotes), form-encoded in a form body, XML-escaped in an XML body.
/// </summary>
public sealed record HttpSmsGatewayOptions
{
    /// <summary>Request URL with placeholders, e.g. <c>https://sms.example.cn/send?to={mobile}</c>. Required.</summary>
    public string UrlTemplate { get; init; } = string.Empty;

    /// <summary>HTTP method: GET or POST. Default POST.</summary>
    public string Method { get; init; } = "POST";

    /// <summary>Body template with placeholders, e.g. <c>{"to":"{mobile}","text":"{text}"}</c>. Default null: no body.</summary>
    public string? BodyTemplate { get; init; }

    /// <summary>
    /// Content type of the body; it also decides how placeholders in the body are escaped (json, x-www-form-urlencoded,
    /// xml, anything else verbatim). Default <c>application/json</c>.
    /// </summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>Extra request headers, sent as written (placeholders are filled in, unescaped). Default none.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Headers whose value is a secret: header name → name of the environment variable that holds it
    /// (e.g. <c>Authorization</c> → <c>SMS_GATEWAY_TOKEN</c>). Secrets never appear in configuration or logs. Default none.
    /// </summary>
    public IReadOnlyDictionary<string, string> SecretHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Dotted path of a field in the JSON answer that must equal <see cref="SuccessValue"/> for the send to count
    /// (e.g. <c>code</c>). Default null: any 2xx is success, unless <see cref="SuccessPattern"/> says otherwise.
    /// </summary>
    public string? SuccessField { get; init; }

    /// <summary>The value <see cref="SuccessField"/> must have, compared as text. Default <c>0</c>.</summary>
    public string SuccessValue { get; init; } = "0";

    /// <summary>A regular expression the answer body must match for success. Default null: not checked.</summary>
    public string? SuccessPattern { get; init; }

    /// <summary>Dotted path of the gateway's message id in the JSON answer (e.g. <c>data.msgId</c>). Default null: none kept.</summary>
    public string? ProviderIdField { get; init; }

    /// <summary>Time allowed for one request, connection included. Default 10 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The problems with these options, one sentence each; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var probe = UrlTemplate.Replace("{mobile}", "1", StringComparison.Ordinal)
            .Replace("{text}", "1", StringComparison.Ordinal)
            .Replace("{messageId}", "1", StringComparison.Ordinal);
        if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            errors.Add($"SMS gateway {nameof(UrlTemplate)} must be an absolute http(s) URL (was '{UrlTemplate}').");
        if (!Method.Equals("GET", StringComparison.OrdinalIgnoreCase) && !Method.Equals("POST", StringComparison.OrdinalIgnoreCase))
            errors.Add($"SMS gateway {nameof(Method)} must be GET or POST (was '{Method}').");
        if (BodyTemplate is not null && Method.Equals("GET", StringComparison.OrdinalIgnoreCase))
            errors.Add($"SMS gateway {nameof(BodyTemplate)} needs {nameof(Method)} POST.");
        if (!UrlTemplate.Contains("{mobile}", StringComparison.Ordinal) && BodyTemplate?.Contains("{mobile}", StringComparison.Ordinal) != true)
            errors.Add($"SMS gateway needs {{mobile}} in {nameof(UrlTemplate)} or {nameof(BodyTemplate)}.");
        if (!UrlTemplate.Contains("{text}", StringComparison.Ordinal) && BodyTemplate?.Contains("{text}", StringComparison.Ordinal) != true)
            errors.Add($"SMS gateway needs {{text}} in {nameof(UrlTemplate)} or {nameof(BodyTemplate)}.");
        if (SuccessPattern is not null)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(SuccessPattern);
            }
            catch (ArgumentException ex)
            {
                errors.Add($"SMS gateway {nameof(SuccessPattern)} is not a valid regular expression: {ex.Message}");
            }
        }

        if (Timeout <= TimeSpan.Zero)
            errors.Add($"SMS gateway {nameof(Timeout)} must be positive (was {Timeout}).");
        return errors;
    }
}
