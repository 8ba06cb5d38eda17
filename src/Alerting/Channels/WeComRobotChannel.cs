using System.Text;

namespace Monitor.Alerting.Channels;

/// <summary>
/// Posts a text message to a WeCom group robot and checks <c>errcode == 0</c> in its answer.
/// Plain text rather than markdown, so crawled text cannot inject links or formatting.
/// </summary>
public sealed class WeComRobotChannel : IAlertChannel
{
    /// <summary>45009: API frequency limit (20 messages a minute per robot); -1: system busy.</summary>
    private static readonly IReadOnlySet<long> RetryableCodes = new HashSet<long> { 45009, -1 };

    private readonly HttpClient _http;
    private readonly WeComRobotOptions _options;
    private readonly TimeProvider _time;

    public WeComRobotChannel(HttpClient http, WeComRobotOptions options, TimeProvider time)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        _http = http;
        _options = options;
        _time = time;
    }

    public ChannelKind Kind => ChannelKind.WeCom;

    public async Task<DeliveryResult> SendAsync(AlertMessage message, CancellationToken ct)
    {
        if (Webhook(message.Recipient.Address) is not { } url)
            return HttpExchange.Failure(false, "企业微信机器人地址无效", _time);

        var body = RobotReply.TextBody(RobotReply.Content(message, _options.MaxContentBytes));
        var outcome = await HttpExchange.SendAsync(
            _http,
            () => new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") },
            _options.Timeout,
            _time,
            ct).ConfigureAwait(false);
        return outcome.Reply is { } reply ? RobotReply.Judge(reply, RetryableCodes, _time) : outcome.Failure!;
    }

    private Uri? Webhook(string address)
    {
        var trimmed = address.Trim();
        if (trimmed.Length == 0)
            return null;
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var full) && full.Scheme is "https" or "http")
            return full;
        return Uri.TryCreate(_options.WebhookBase + Uri.EscapeDataString(trimmed), UriKind.Absolute, out var keyed) ? keyed : null;
    }
}
