using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace Monitor.Alerting.Channels;

/// <summary>
/// Sends the message's text body as an SMS through a gateway described by <see cref="HttpSmsGatewayOptions"/>.
/// Success is a 2xx answer that also passes the configured field or pattern check; the gateway's id is kept.
/// </summary>
public sealed partial class HttpSmsGatewayChannel : IAlertChannel
{
    /// <summary>Chinese stays as written (quotes, backslashes and controls are still escaped): some gateways decode JSON naively.</summary>
    private static readonly JsonSerializerOptions ReadableJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private readonly HttpClient _http;
    private readonly HttpSmsGatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly IReadOnlyDictionary<string, string> _secretHeaders;
    private readonly Regex? _successPattern;

    /// <param name="environment">Reads environment variables (for secret headers); default <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    public HttpSmsGatewayChannel(HttpClient http, HttpSmsGatewayOptions options, TimeProvider time, Func<string, string?>? environment = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        _http = http;
        _options = options;
        _time = time;
        var read = environment ?? Environment.GetEnvironmentVariable;
        var secrets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (header, variable) in options.SecretHeaders)
        {
            secrets[header] = read(variable) is { Length: > 0 } value
                ? value
                : throw new ArgumentException($"SMS gateway secret header {header}: environment variable {variable} is not set.", nameof(options));
        }

        _secretHeaders = secrets;
        _successPattern = options.SuccessPattern is null ? null : new Regex(options.SuccessPattern, RegexOptions.None, TimeSpan.FromSeconds(1));
    }

    public ChannelKind Kind => ChannelKind.Sms;

    public async Task<DeliveryResult> SendAsync(AlertMessage message, CancellationToken ct)
    {
        var mobile = message.Recipient.Address.Trim();
        if (mobile.Length == 0)
            return HttpExchange.Failure(false, "短信接收号码为空", _time);

        var values = new Dictionary<string, string>
        {
            ["mobile"] = mobile,
            ["text"] = message.TextBody,
            ["messageId"] = message.Id,
        };
        var url = Render(_options.UrlTemplate, values, Uri.EscapeDataString);
        var body = _options.BodyTemplate is null ? null : Render(_options.BodyTemplate, values, BodyEscaper(_options.ContentType));
        var method = _options.Method.Equals("GET", StringComparison.OrdinalIgnoreCase) ? HttpMethod.Get : HttpMethod.Post;

        HttpRequestMessage Create()
        {
            var request = new HttpRequestMessage(method, url);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(_options.ContentType);
                if (request.Content.Headers.ContentType.CharSet is null)
                    request.Content.Headers.ContentType.CharSet = "utf-8";
            }

            foreach (var (name, template) in _options.Headers)
                AddHeader(request, name, Render(template, values, static s => s));
            foreach (var (name, secret) in _secretHeaders)
                AddHeader(request, name, secret);
            return request;
        }

        var outcome = await HttpExchange.SendAsync(_http, Create, _options.Timeout, _time, ct).ConfigureAwait(false);
        if (outcome.Reply is not { } reply)
            return outcome.Failure!;
        if (!reply.IsSuccess)
            return HttpExchange.ForStatus(reply, _time);

        if (_options.SuccessField is { } field)
        {
            var actual = JsonField.Find(reply.Body, field);
            if (!string.Equals(actual, _options.SuccessValue, StringComparison.Ordinal))
                return HttpExchange.Failure(false, $"短信网关拒绝：{field}={actual ?? "（无）"}：{HttpExchange.Excerpt(reply.Body)}", _time);
        }

        if (_successPattern is not null && !_successPattern.IsMatch(reply.Body))
            return HttpExchange.Failure(false, $"短信网关应答不表示成功：{HttpExchange.Excerpt(reply.Body)}", _time);

        var providerId = _options.ProviderIdField is { } idField ? JsonField.Find(reply.Body, idField) : null;
        return HttpExchange.Success(providerId, _time);
    }

    /// <summary>Fills every placeholder in one pass, so substituted text is never scanned for placeholders again.</summary>
    internal static string Render(string template, IReadOnlyDictionary<string, string> values, Func<string, string> escape) =>
        Placeholder().Replace(template, match => escape(values[match.Groups[1].Value]));

    /// <summary>How a value is escaped inside a body of the given content type.</summary>
    internal static Func<string, string> BodyEscaper(string contentType)
    {
        if (contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            return JsonEscape;
        if (contentType.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return Uri.EscapeDataString;
        if (contentType.Contains("xml", StringComparison.OrdinalIgnoreCase))
            return s => WebUtility.HtmlEncode(s);
        return static s => s;
    }

    /// <summary>A JSON string's content without its quotes (the template has them).</summary>
    private static string JsonEscape(string value)
    {
        var quoted = JsonSerializer.Serialize(value, ReadableJson);
        return quoted[1..^1];
    }

    private static void AddHeader(HttpRequestMessage request, string name, string value)
    {
        if (!request.Headers.TryAddWithoutValidation(name, value))
            request.Content?.Headers.TryAddWithoutValidation(name, value);
    }

    [GeneratedRegex(@"\{(mobile|text|messageId)\}")]
    private static partial Regex Placeholder();
}
