using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Monitor.Alerting.Channels;

/// <summary>
/// Sends an SMS with Aliyun's <c>SendSms</c> (API version 2017-05-25) as a signed GET request:
/// the parameters are percent-encoded (RFC 3986, UTF-8), sorted by name and joined into the canonicalized
/// query string; the string to sign is <c>GET&amp;%2F&amp;</c> + its percent-encoding; the signature is
/// Base64(HMAC-SHA1(key = secret + "&amp;", string to sign)). Nonce and timestamp are injected so a test can
/// reproduce a request exactly. Success is <c>Code == "OK"</c>; the provider id is the answer's <c>BizId</c>.
/// </summary>
public sealed class AliyunSmsChannel : IAlertChannel
{
    /// <summary>Answer codes that mean "not now" rather than "never": flow control and server trouble.</summary>
    private static readonly IReadOnlySet<string> RetryableCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "Throttling", "Throttling.User", "Throttling.Api", "ServiceUnavailable", "InternalError", "isv.BUSINESS_LIMIT_CONTROL",
    };

    /// <summary>Chinese stays as written in TemplateParam (quotes and controls are still escaped): shorter URLs, readable audits.</summary>
    private static readonly JsonSerializerOptions ReadableJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private readonly HttpClient _http;
    private readonly AliyunSmsOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<string> _nonce;
    private readonly string _secret;

    /// <param name="environment">Reads environment variables (for the secret); default <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <param name="nonce">A fresh SignatureNonce per request; default a random GUID.</param>
    public AliyunSmsChannel(
        HttpClient http,
        AliyunSmsOptions options,
        TimeProvider time,
        Func<string, string?>? environment = null,
        Func<string>? nonce = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        _http = http;
        _options = options;
        _time = time;
        _nonce = nonce ?? (static () => Guid.NewGuid().ToString("N"));
        _secret = (environment ?? Environment.GetEnvironmentVariable)(options.AccessKeySecretVariable) is { Length: > 0 } secret
            ? secret
            : throw new ArgumentException($"Aliyun SMS secret variable {options.AccessKeySecretVariable} is not set.", nameof(options));
    }

    public ChannelKind Kind => ChannelKind.Sms;

    public async Task<DeliveryResult> SendAsync(AlertMessage message, CancellationToken ct)
    {
        var mobile = message.Recipient.Address.Trim();
        if (mobile.Length == 0)
            return HttpExchange.Failure(false, "短信接收号码为空", _time);

        var url = RequestUrl(mobile, message.TextBody);
        var outcome = await HttpExchange.SendAsync(_http, () => new HttpRequestMessage(HttpMethod.Get, url), _options.Timeout, _time, ct)
            .ConfigureAwait(false);
        if (outcome.Reply is not { } reply)
            return outcome.Failure!;

        var code = JsonField.Find(reply.Body, "Code");
        if (reply.IsSuccess && code == "OK")
            return HttpExchange.Success(JsonField.Find(reply.Body, "BizId"), _time);
        if (code is null)
            return reply.IsSuccess
                ? HttpExchange.Failure(false, $"阿里云短信应答无法识别：{HttpExchange.Excerpt(reply.Body)}", _time)
                : HttpExchange.ForStatus(reply, _time);

        var retryable = RetryableCodes.Contains(code) || (int)reply.Status >= 500;
        var text = JsonField.Find(reply.Body, "Message") ?? string.Empty;
        return HttpExchange.Failure(retryable, $"阿里云短信拒绝：{code} {text}", _time);
    }

    /// <summary>The complete signed request URL for one SMS.</summary>
    internal string RequestUrl(string mobile, string text)
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccessKeyId"] = _options.AccessKeyId,
            ["Action"] = "SendSms",
            ["Format"] = "JSON",
            ["PhoneNumbers"] = mobile,
            ["RegionId"] = _options.RegionId,
            ["SignName"] = _options.SignName,
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = _nonce(),
            ["SignatureVersion"] = "1.0",
            ["TemplateCode"] = _options.TemplateCode,
            ["TemplateParam"] = JsonSerializer.Serialize(new Dictionary<string, string> { [_options.TextParameter] = text }, ReadableJson),
            ["Timestamp"] = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["Version"] = "2017-05-25",
        };
        var canonical = Canonicalize(parameters);
        var signature = Sign(canonical, _secret);
        var endpoint = _options.Endpoint.EndsWith('/') ? _options.Endpoint : _options.Endpoint + "/";
        return $"{endpoint}?Signature={Encode(signature)}&{canonical}";
    }

    /// <summary>name=value pairs, each percent-encoded, sorted by name (ordinal), joined with &amp;.</summary>
    internal static string Canonicalize(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => Encode(p.Key) + "=" + Encode(p.Value)));

    /// <summary>Base64(HMAC-SHA1(secret + "&amp;", "GET&amp;%2F&amp;" + Encode(canonicalized query))).</summary>
    internal static string Sign(string canonicalizedQuery, string secret)
    {
        var stringToSign = "GET&" + Encode("/") + "&" + Encode(canonicalizedQuery);
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret + "&"), Encoding.UTF8.GetBytes(stringToSign));
        return Convert.ToBase64String(mac);
    }

    /// <summary>
    /// Aliyun's percent-encoding: UTF-8, every byte except A–Z a–z 0–9 - _ . ~ as %XX in upper case (so space is
    /// %20, * is %2A, ~ stays). .NET's EscapeDataString implements exactly RFC 3986's unreserved set.
    /// </summary>
    internal static string Encode(string value) => Uri.EscapeDataString(value);
}
