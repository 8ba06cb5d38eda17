using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Monitor.Alerting.Channels;

namespace Monitor.Alerting.Tests.Channels;

/// <summary>
/// The Aliyun SendSms request reaches a loopback server that checks the RPC signature the way Aliyun does,
/// with its own encoder written from the documentation, so a mistake in the channel's canonicalization fails here.
/// </summary>
public sealed class AliyunSmsChannelTests
{
    private const string Secret = "testSecret";
    private readonly FakeTimeProvider _time = new(ChannelSamples.Now);

    [Fact]
    public async Task A_correctly_signed_request_is_accepted_and_the_biz_id_is_kept()
    {
        await using var gateway = await LoopbackHttpServer.StartAsync(VerifyingAliyun);
        var channel = Channel(gateway, Secret);

        var result = await channel.SendAsync(ChannelSamples.Message(ChannelKind.Sms), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("900619746936498440^0", result.ProviderMessageId);
    }

    [Fact]
    public async Task Text_with_spaces_stars_tildes_and_plus_signs_is_still_signed_correctly()
    {
        // These are where form encoding (+, %7E, raw *) and Aliyun's RFC 3986 rule differ.
        await using var gateway = await LoopbackHttpServer.StartAsync(VerifyingAliyun);
        var message = ChannelSamples.Message(ChannelKind.Sms) with { TextBody = "请 整改*~+ 100% (第1项)!'" };

        var result = await Channel(gateway, Secret).SendAsync(message, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
    }

    [Theory]
    [InlineData("a b", "a%20b")]
    [InlineData("*", "%2A")]
    [InlineData("~-_.", "~-_.")]
    [InlineData("+/=", "%2B%2F%3D")]
    [InlineData("阿", "%E9%98%BF")]
    public void Percent_encoding_follows_rfc_3986_as_aliyun_requires(string value, string encoded)
    {
        Assert.Equal(encoded, AliyunSmsChannel.Encode(value));
    }

    [Fact]
    public async Task The_request_carries_every_documented_parameter_with_the_injected_nonce_and_time()
    {
        await using var gateway = await LoopbackHttpServer.StartAsync(VerifyingAliyun);

        await Channel(gateway, Secret).SendAsync(ChannelSamples.Message(ChannelKind.Sms), CancellationToken.None);

        var request = Assert.Single(gateway.Requests);
        Assert.Equal("GET", request.Method);
        var query = ParseQuery(request.RawQuery);
        Assert.Equal("SendSms", query["Action"]);
        Assert.Equal("2017-05-25", query["Version"]);
        Assert.Equal("HMAC-SHA1", query["SignatureMethod"]);
        Assert.Equal("1.0", query["SignatureVersion"]);
        Assert.Equal("nonce-0001", query["SignatureNonce"]);
        Assert.Equal("2026-12-01T01:30:00Z", query["Timestamp"]);
        Assert.Equal("testId", query["AccessKeyId"]);
        Assert.Equal("13800000000", query["PhoneNumbers"]);
        Assert.Equal("义乌政务公开", query["SignName"]);
        Assert.Equal("SMS_71390007", query["TemplateCode"]);
        using var param = JsonDocument.Parse(query["TemplateParam"]);
        Assert.Equal(ChannelSamples.Message().TextBody, param.RootElement.GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_the_gateway_and_not_retried()
    {
        await using var gateway = await LoopbackHttpServer.StartAsync(VerifyingAliyun);

        var result = await Channel(gateway, "not-the-secret").SendAsync(ChannelSamples.Message(ChannelKind.Sms), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.False(result.Retryable);
        Assert.Contains("SignatureDoesNotMatch", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_signature_matches_the_example_in_aliyuns_documentation()
    {
        // The worked example of Aliyun's SMS signing documentation (testId / testSecret).
        var parameters = new Dictionary<string, string>
        {
            ["AccessKeyId"] = "testId",
            ["Action"] = "SendSms",
            ["Format"] = "XML",
            ["OutId"] = "123",
            ["PhoneNumbers"] = "15300000001",
            ["RegionId"] = "cn-hangzhou",
            ["SignName"] = "阿里云短信测试专用",
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = "45e25e9b-0a6f-4070-8c85-2956eda1b466",
            ["SignatureVersion"] = "1.0",
            ["TemplateCode"] = "SMS_71390007",
            ["TemplateParam"] = "{\"customer\":\"test\"}",
            ["Timestamp"] = "2017-07-12T02:42:19Z",
            ["Version"] = "2017-05-25",
        };

        var signature = AliyunSmsChannel.Sign(AliyunSmsChannel.Canonicalize(parameters), "testSecret");

        Assert.Equal("zJDF+Lrzhj/ThnlvIToysFRq6t4=", signature);
    }

    [Theory]
    [InlineData("Throttling.User", 400, true)]
    [InlineData("isv.BUSINESS_LIMIT_CONTROL", 200, true)]
    [InlineData("isv.MOBILE_NUMBER_ILLEGAL", 200, false)]
    [InlineData("InvalidAccessKeyId.NotFound", 404, false)]
    [InlineData("InternalError", 500, true)]
    public async Task Answer_codes_are_classified_as_retryable_or_permanent(string code, int status, bool retryable)
    {
        await using var gateway = await LoopbackHttpServer.StartAsync(_ => CannedReply.Json($$"""{"Code":"{{code}}","Message":"x","RequestId":"r"}""", status));

        var result = await Channel(gateway, Secret).SendAsync(ChannelSamples.Message(ChannelKind.Sms), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(retryable, result.Retryable);
    }

    [Fact]
    public async Task A_gateway_that_does_not_answer_in_time_gives_a_retryable_failure()
    {
        await using var gateway = await LoopbackHttpServer.StartAsync(_ => new CannedReply(200, "{}", TimeSpan.FromSeconds(30)));
        var channel = new AliyunSmsChannel(
            new HttpClient(),
            Options(gateway) with { Timeout = TimeSpan.FromMilliseconds(300) },
            TimeProvider.System,
            ChannelSamples.Environment(("TEST_ALIYUN_SECRET", Secret)));

        var result = await channel.SendAsync(ChannelSamples.Message(ChannelKind.Sms), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.True(result.Retryable, result.Error);
    }

    private AliyunSmsChannel Channel(LoopbackHttpServer gateway, string secret) => new(
        new HttpClient(),
        Options(gateway),
        _time,
        ChannelSamples.Environment(("TEST_ALIYUN_SECRET", secret)),
        () => "nonce-0001");

    private static AliyunSmsOptions Options(LoopbackHttpServer gateway) => new()
    {
        Endpoint = gateway.BaseUri.AbsoluteUri,
        AccessKeyId = "testId",
        AccessKeySecretVariable = "TEST_ALIYUN_SECRET",
        SignName = "义乌政务公开",
        TemplateCode = "SMS_71390007",
    };

    /// <summary>Plays Aliyun: recomputes the signature from the received query and answers as SendSms does.</summary>
    private static CannedReply VerifyingAliyun(ReceivedRequest request)
    {
        var query = ParseQuery(request.RawQuery);
        var canonical = string.Join('&', query
            .Where(p => p.Key != "Signature")
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => PercentEncode(p.Key) + "=" + PercentEncode(p.Value)));
        var stringToSign = "GET&%2F&" + PercentEncode(canonical);
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Secret + "&"), Encoding.UTF8.GetBytes(stringToSign)));
        return query.GetValueOrDefault("Signature") == expected
            ? CannedReply.Json("""{"Message":"OK","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","Code":"OK","BizId":"900619746936498440^0"}""")
            : CannedReply.Json("""{"Message":"Specified signature is not matched with our calculation.","RequestId":"x","Code":"SignatureDoesNotMatch"}""", 400);
    }

    private static Dictionary<string, string> ParseQuery(string rawQuery) =>
        rawQuery.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => Uri.UnescapeDataString(kv[0]), kv => Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : string.Empty));

    /// <summary>Aliyun's rule, written out byte by byte: unreserved characters stay, every other UTF-8 byte is %XX.</summary>
    private static string PercentEncode(string value)
    {
        var result = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
                result.Append(c);
            else
                result.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return result.ToString();
    }
}
