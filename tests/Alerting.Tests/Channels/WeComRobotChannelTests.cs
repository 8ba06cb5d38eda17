using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Monitor.Alerting.Channels;

namespace Monitor.Alerting.Tests.Channels;

public sealed class WeComRobotChannelTests
{
    private readonly FakeTimeProvider _time = new(ChannelSamples.Now);

    [Fact]
    public async Task A_bare_key_is_posted_to_the_webhook_as_a_text_message()
    {
        await using var robot = await LoopbackHttpServer.StartAsync(_ => CannedReply.Json("""{"errcode":0,"errmsg":"ok"}"""));

        var result = await Channel(robot).SendAsync(ChannelSamples.Message(ChannelKind.WeCom, "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var request = Assert.Single(robot.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/cgi-bin/webhook/send", request.Path);
        Assert.Equal("?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa", request.RawQuery);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("text", body.RootElement.GetProperty("msgtype").GetString());
        Assert.Equal(
            ChannelSamples.Message().Subject + "\n\n" + ChannelSamples.Message().TextBody,
            body.RootElement.GetProperty("text").GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_full_webhook_url_is_used_as_given()
    {
        await using var robot = await LoopbackHttpServer.StartAsync(_ => CannedReply.Json("""{"errcode":0,"errmsg":"ok"}"""));
        var address = new Uri(robot.BaseUri, "other/send?key=k1").AbsoluteUri;

        var result = await Channel(robot).SendAsync(ChannelSamples.Message(ChannelKind.WeCom, address), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("/other/send", Assert.Single(robot.Requests).Path);
    }

    [Fact]
    public async Task Text_longer_than_wecoms_limit_is_cut_to_2048_bytes_with_a_note()
    {
        await using var robot = await LoopbackHttpServer.StartAsync(_ => CannedReply.Json("""{"errcode":0,"errmsg":"ok"}"""));
        var message = ChannelSamples.Message(ChannelKind.WeCom, "k") with { TextBody = string.Concat(Enumerable.Repeat("政务公开", 1000)) };

        await Channel(robot).SendAsync(message, CancellationToken.None);

        using var body = JsonDocument.Parse(Assert.Single(robot.Requests).Body);
        var content = body.RootElement.GetProperty("text").GetProperty("content").GetString()!;
        Assert.InRange(Encoding.UTF8.GetByteCount(content), 1900, 2048);
        Assert.EndsWith("（内容过长，已截断）", content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, """{"errcode":45009,"errmsg":"api freq out of limit"}""", true)]
    [InlineData(200, """{"errcode":93000,"errmsg":"invalid webhook url"}""", false)]
    [InlineData(503, "unavailable", true)]
    [InlineData(400, "bad request", false)]
    public async Task Robot_answers_are_classified_as_retryable_or_permanent(int status, string body, bool retryable)
    {
        await using var robot = await LoopbackHttpServer.StartAsync(_ => new CannedReply(status, body));

        var result = await Channel(robot).SendAsync(ChannelSamples.Message(ChannelKind.WeCom, "k"), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(retryable, result.Retryable);
    }

    [Fact]
    public async Task A_robot_that_does_not_answer_in_time_gives_a_retryable_failure()
    {
        await using var robot = await LoopbackHttpServer.StartAsync(_ => new CannedReply(200, "{}", TimeSpan.FromSeconds(30)));
        var options = new WeComRobotOptions
        {
            WebhookBase = new Uri(robot.BaseUri, "cgi-bin/webhook/send?key=").AbsoluteUri,
            Timeout = TimeSpan.FromMilliseconds(300),
        };
        var channel = new WeComRobotChannel(new HttpClient(), options, TimeProvider.System);

        var result = await channel.SendAsync(ChannelSamples.Message(ChannelKind.WeCom, "k"), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.True(result.Retryable, result.Error);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_passes_through_instead_of_becoming_a_failure()
    {
        await using var robot = await LoopbackHttpServer.StartAsync(_ => new CannedReply(200, "{}", TimeSpan.FromSeconds(30)));
        using var cancel = new CancellationTokenSource();
        var sending = Channel(robot).SendAsync(ChannelSamples.Message(ChannelKind.WeCom, "k"), cancel.Token);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
    }

    private WeComRobotChannel Channel(LoopbackHttpServer robot) => new(
        new HttpClient(),
        new WeComRobotOptions { WebhookBase = new Uri(robot.BaseUri, "cgi-bin/webhook/send?key=").AbsoluteUri },
        _time);
}
