using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Monitor.Alerting.Channels;

namespace Monitor.Alerting.Tests.Channels;

/// <summary>The DingTalk robot request reaches a loopback robot that verifies the sign as DingTalk does.</summary>
public sealed class DingTalkRobotChannelTests
{
    private const string Secret = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd";
    private readonly FakeTimeProvider _time = new(ChannelSamples.Now);

    [Fact]
    public async Task A_signed_message_is_accepted_by_a_robot_that_verifies_timestamp_and_sign()
    {
        await using var robot = await LoopbackHttpServer.StartAsync(VerifyingRobot);

        var result = await Channel(Secret).SendAsync(Message(robot), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var query = ParseQuery(Assert.Single(robot.Requests).RawQuery);
        Assert.Equal("abc", query["access_token"]);
        Assert.Equal(ChannelSamples.Now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), query["timestamp"]);
    }

    [Fact]
    public async Task The_body_is_a_text_message_with_subject_and_text_and_no_markdown()
    {
        await using var robot = await LoopbackHttpServer.StartAsync(VerifyingRobot);

        await Channel(Secret).SendAsync(Message(robot), CancellationToken.None);

        var request = Assert.Single(robot.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("text", body.RootElement.GetProperty("msgtype").GetString());
        var content = body.RootElement.GetProperty("text").GetProperty("content").GetString();
        Assert.Equal(ChannelSamples.Message().Subject + "\n\n" + ChannelSamples.Message().TextBody, content);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_the_robot_and_not_retried()
    {
        await using var robot = await LoopbackHttpServer.StartAsync(VerifyingRobot);

        var result = await Channel("SECwrong").SendAsync(Message(robot), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.False(result.Retryable);
        Assert.Contains("310000", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_secret_no_timestamp_or_sign_is_added()
    {
        await using var robot = await LoopbackHttpServer.StartAsync(_ => CannedReply.Json("""{"errcode":0,"errmsg":"ok"}"""));
        var channel = new DingTalkRobotChannel(new HttpClient(), new DingTalkRobotOptions(), _time);

        var result = await channel.SendAsync(Message(robot), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("?access_token=abc", Assert.Single(robot.Requests).RawQuery);
    }

    [Theory]
    [InlineData(200, """{"errcode":130101,"errmsg":"send too fast"}""", true)]
    [InlineData(200, """{"errcode":300001,"errmsg":"token is not exist"}""", false)]
    [InlineData(200, "<html>proxy</html>", false)]
    [InlineData(502, "bad gateway", true)]
    [InlineData(404, "not found", false)]
    public async Task Robot_answers_are_classified_as_retryable_or_permanent(int status, string body, bool retryable)
    {
        await using var robot = await LoopbackHttpServer.StartAsync(_ => new CannedReply(status, body));

        var result = await Channel(Secret).SendAsync(Message(robot), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(retryable, result.Retryable);
    }

    [Fact]
    public async Task A_robot_nobody_listens_on_gives_a_retryable_failure()
    {
        var address = $"http://127.0.0.1:{SmtpLoopback.FreePort()}/robot/send?access_token=abc";

        var result = await Channel(Secret).SendAsync(ChannelSamples.Message(ChannelKind.DingTalk, address), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.True(result.Retryable, result.Error);
    }

    [Fact]
    public void The_sign_is_base64_hmac_sha256_of_timestamp_newline_secret_and_url_encoded_in_the_url()
    {
        var url = DingTalkRobotChannel.Signed(new Uri("https://oapi.dingtalk.com/robot/send?access_token=t"), "SECx", DateTimeOffset.FromUnixTimeMilliseconds(1700000000000));

        var expected = Convert.ToBase64String(HMACSHA256.HashData("SECx"u8, "1700000000000\nSECx"u8));
        Assert.Equal($"https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1700000000000&sign={Uri.EscapeDataString(expected)}", url);
    }

    private DingTalkRobotChannel Channel(string secret) => new(
        new HttpClient(),
        new DingTalkRobotOptions { SecretVariable = "TEST_DINGTALK_SECRET" },
        _time,
        ChannelSamples.Environment(("TEST_DINGTALK_SECRET", secret)));

    private static AlertMessage Message(LoopbackHttpServer robot) =>
        ChannelSamples.Message(ChannelKind.DingTalk, new Uri(robot.BaseUri, "robot/send?access_token=abc").AbsoluteUri);

    /// <summary>Plays DingTalk: recomputes the sign from the received timestamp with the shared secret.</summary>
    private static CannedReply VerifyingRobot(ReceivedRequest request)
    {
        var query = ParseQuery(request.RawQuery);
        if (!query.TryGetValue("timestamp", out var timestamp) || !query.TryGetValue("sign", out var sign))
            return CannedReply.Json("""{"errcode":310000,"errmsg":"sign not match"}""");
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(timestamp + "\n" + Secret)));
        return sign == expected
            ? CannedReply.Json("""{"errcode":0,"errmsg":"ok"}""")
            : CannedReply.Json("""{"errcode":310000,"errmsg":"sign not match"}""");
    }

    private static Dictionary<string, string> ParseQuery(string rawQuery) =>
        rawQuery.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => Uri.UnescapeDataString(kv[0]), kv => Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : string.Empty));
}
