using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Monitor.Alerting.Channels;

namespace Monitor.Alerting.Tests.Channels;

/// <summary>
/// The generic gateway's templates: placeholders are escaped for where they stand, so text with quotes,
/// ampersands or a literal placeholder cannot break the request or change its meaning.
/// </summary>
public sealed class HttpSmsGatewayChannelTests
{
    private const string TrickyText = "请整改 \"招生方案\" & <划片>\n{mobile} 100%";
    private readonly FakeTimeProvider _time = new(ChannelSamples.Now);

    [Fact]
    public async Task A_json_body_template_is_filled_with_json_escaped_values_that_round_trip()
    {
        await using var gateway = await LoopbackHttpServer.StartAsync(_ => CannedReply.Json("""{"code":0,"data":{"msgId":"g-42"}}"""));
        var options = Options(gateway) with
        {
            UrlTemplate = new Uri(gateway.BaseUri, "sms/send").AbsoluteUri,
            BodyTemplate = """{"to":"{mobile}","content":"{text}","ref":"{messageId}"}""",
        };

        var result = await Channel(options).SendAsync(Tricky(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("g-42", result.ProviderMessageId);
        var request = Assert.Single(gateway.Requests);
        Assert.Equal("POST", request.Method);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("13800000000", body.RootElement.GetProperty("to").GetString());
        Assert.Equal(TrickyText, body.RootElement.GetProperty("content").GetString());
        Assert.Equal(ChannelSamples.Message().Id, body.RootElement.GetProperty("ref").GetString());
    }

    [Fact]
    public async Task Placeholders_in_the_url_are_percent_encoded_and_decode_to_the_original_text()
    {
        await using var gateway = await LoopbackHttpServer.StartAsync(_ => CannedReply.Json("""{"code":0}"""));
        var options = Options(gateway) with
        {
            Method = "GET",
            BodyTemplate = null,
            UrlTemplate = gateway.BaseUri.AbsoluteUri + "send?to={mobile}&msg={text}&id={messageId}",
        };

        var result = await Channel(options).SendAsync(Tricky(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var query = Assert.Single(gateway.Requests).RawQuery.TrimStart('?').Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => Uri.UnescapeDataString(kv[1]));
        Assert.Equal(["to", "msg", "id"], query.Keys);
        Assert.Equal("13800000000", query["to"]);
        Assert.Equal(TrickyText, query["msg"]);
    }

    [Fact]
    public async Task A_form_body_is_form_encoded()
    {
        await using var gateway = await LoopbackHttpServer.StartAsync(_ => CannedReply.Json("""{"code":0}"""));
        var options = Options(gateway) with
        {
            ContentType = "application/x-www-form-urlencoded",
            BodyTemplate = "mobile={mobile}&content={text}",
        };

        await Channel(options).SendAsync(Tricky(), CancellationToken.None);

        var request = Assert.Single(gateway.Requests);
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType, StringComparison.Ordinal);
        var fields = request.Body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(kv => kv[0], kv => Uri.UnescapeDataString(kv[1]));
        Assert.Equal(["mobile", "content"], fields.Keys);
        Assert.Equal(TrickyText, fields["content"]);
    }

    [Fact]
    public async Task Configured_headers_and_secret_headers_from_the_environment_are_sent()
    {
        await using var gateway = await LoopbackHttpServer.StartAsync(_ => CannedReply.Json("""{"code":0}"""));
        var options = Options(gateway) with
        {
            Headers = new Dictionary<string, string> { ["X-Request-Id"] = "{messageId}" },
            SecretHeaders = new Dictionary<string, string> { ["Authorization"] = "TEST_SMS_TOKEN" },
        };
        var channel = new HttpSmsGatewayChannel(new HttpClient(), options, _time, ChannelSamples.Environment(("TEST_SMS_TOKEN", "Bearer t0ken")));

        await channel.SendAsync(Tricky(), CancellationToken.None);

        var request = Assert.Single(gateway.Requests);
        Assert.Equal(ChannelSamples.Message().Id, request.Headers["X-Request-Id"]);
        Assert.Equal("Bearer t0ken", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task A_2xx_answer_whose_success_field_says_otherwise_is_a_permanent_failure()
    {
        await using var gateway = await LoopbackHttpServer.StartAsync(_ => CannedReply.Json("""{"code":1001,"msg":"号码格式错误"}"""));

        var result = await Channel(Options(gateway)).SendAsync(Tricky(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.False(result.Retryable);
        Assert.Contains("1001", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("result=OK;id=7", true)]
    [InlineData("result=ERR", false)]
    public async Task A_success_pattern_decides_on_plain_text_answers(string answer, bool succeeded)
    {
        await using var gateway = await LoopbackHttpServer.StartAsync(_ => new CannedReply(200, answer));
        var options = Options(gateway) with { SuccessField = null, SuccessPattern = "^result=OK" };

        var result = await Channel(options).SendAsync(Tricky(), CancellationToken.None);

        Assert.Equal(succeeded, result.Succeeded);
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(429, true)]
    [InlineData(401, false)]
    public async Task Http_errors_are_classified_as_retryable_or_permanent(int status, bool retryable)
    {
        await using var gateway = await LoopbackHttpServer.StartAsync(_ => new CannedReply(status, "error"));

        var result = await Channel(Options(gateway)).SendAsync(Tricky(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(retryable, result.Retryable);
    }

    [Fact]
    public async Task A_gateway_nobody_listens_on_gives_a_retryable_failure()
    {
        var options = new HttpSmsGatewayOptions
        {
            UrlTemplate = $"http://127.0.0.1:{SmtpLoopback.FreePort()}/send",
            BodyTemplate = """{"to":"{mobile}","content":"{text}"}""",
        };

        var result = await Channel(options).SendAsync(Tricky(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.True(result.Retryable, result.Error);
    }

    private HttpSmsGatewayChannel Channel(HttpSmsGatewayOptions options) => new(new HttpClient(), options, _time);

    private static HttpSmsGatewayOptions Options(LoopbackHttpServer gateway) => new()
    {
        UrlTemplate = new Uri(gateway.BaseUri, "send").AbsoluteUri,
        BodyTemplate = """{"to":"{mobile}","content":"{text}"}""",
        SuccessField = "code",
        SuccessValue = "0",
        ProviderIdField = "data.msgId",
    };

    private static AlertMessage Tricky() => ChannelSamples.Message(ChannelKind.Sms) with { TextBody = TrickyText };
}
