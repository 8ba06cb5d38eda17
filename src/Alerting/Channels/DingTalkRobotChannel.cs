using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Monitor.Alerting.Channels;

/// <summary>
/// Posts a text message to a DingTalk custom robot. With a signing secret each request carries
/// <c>timestamp</c> (Unix milliseconds) and <c>sign</c> = URL-encoded Base64(HMAC-SHA256(secret, timestamp + "\n" + secret));
/// DingTalk rejects a timestamp more than an hour off, so the time comes from the injected clock.
/// Plain text rather than markdown: crawled titles must not be able to inject links or formatting.
/// </summary>
public sealed class DingTalkRobotChannel : IAlertChannel
{
    /// <summary>130101: sending too fast (20 messages a minute per robot); -1: system busy.</summary>
    private static readonly IReadOnlySet<long> RetryableCodes = new HashSet<long> { 130101, -1 };

    private readonly HttpClient _http;
    private readonly DingTalkRobotOptions _options;
    private readonly TimeProvider _time;
    private readonly string? _secret;

    /// <param name="environment">Reads environment variables (for the secret); default <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    public DingTalkRobotChannel(HttpClient http, DingTalkRobotOptions options, TimeProvider time, Func<string, string?>? environment = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        _http = http;
        _options = options;
        _time = time;
        if (options.SecretVariable is { } variable)
        {
            _secret = (environment ?? Environment.GetEnvironmentVariable)(variable);
            if (string.IsNullOrEmpty(_secret))
                throw new ArgumentException($"DingTalk signing secret variable {variable} is not set.", nameof(options));
        }
    }

    public ChannelKind Kind => ChannelKind.DingTalk;

    public async Task<DeliveryResult> SendAsync(AlertMessage message, CancellationToken ct)
    {
        if (!Uri.TryCreate(message.Recipient.Address, UriKind.Absolute, out var webhook) || webhook.Scheme is not ("https" or "http"))
            return HttpExchange.Failure(false, "钉钉机器人地址不是有效的 http(s) 网址", _time);

        var url = _secret is null ? webhook.AbsoluteUri : Signed(webhook, _secret, _time.GetUtcNow());
        var body = RobotReply.TextBody(RobotReply.Content(message, _options.MaxContentBytes));
        var outcome = await HttpExchange.SendAsync(
            _http,
            () => new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") },
            _options.Timeout,
            _time,
            ct).ConfigureAwait(false);
        return outcome.Reply is { } reply ? RobotReply.Judge(reply, RetryableCodes, _time) : outcome.Failure!;
    }

    /// <summary>The webhook URL with <c>timestamp</c> and <c>sign</c> appended.</summary>
    internal static string Signed(Uri webhook, string secret, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var sign = Sign(timestamp, secret);
        var separator = string.IsNullOrEmpty(webhook.Query) ? "?" : "&";
        return $"{webhook.AbsoluteUri}{separator}timestamp={timestamp}&sign={Uri.EscapeDataString(sign)}";
    }

    /// <summary>Base64(HMAC-SHA256(key = secret, data = timestamp + "\n" + secret)), before URL encoding.</summary>
    internal static string Sign(string timestamp, string secret)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + secret));
        return Convert.ToBase64String(mac);
    }
}
