using AngleSharp.Html.Parser;
using Microsoft.Extensions.Time.Testing;
using Monitor.Alerting.Channels;

namespace Monitor.Alerting.Tests.Channels;

/// <summary>Real SMTP over loopback: what a receiving server gets, and how each kind of refusal is classified.</summary>
public sealed class EmailChannelTests
{
    private readonly FakeTimeProvider _time = new(ChannelSamples.Now);

    [Fact]
    public async Task Chinese_subject_body_and_display_names_reach_the_smtp_server_intact()
    {
        await using var smtp = await SmtpLoopback.StartAsync(new SmtpLoopbackSettings());
        var channel = new EmailChannel(ChannelSamples.Email(smtp.Port), _time);

        var result = await channel.SendAsync(ChannelSamples.Message(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("【政务公开告警】市教育局：招生方案未按期公开", mail.Subject);
        var from = Assert.Single(mail.From.Mailboxes);
        Assert.Equal(("义乌市政务公开办", "gkb@yiwu.example.gov.cn"), (from.Name, from.Address));
        var to = Assert.Single(mail.To.Mailboxes);
        Assert.Equal(("市教育局政务公开联络员", "gk@jyj.yiwu.example.gov.cn"), (to.Name, to.Address));
        Assert.Equal(ChannelSamples.Message().TextBody, mail.TextBody?.TrimEnd());
        Assert.Contains("市教育局：", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(ChannelSamples.Now, mail.Date);
    }

    [Fact]
    public async Task A_crawled_title_with_markup_arrives_as_text_not_as_elements()
    {
        await using var smtp = await SmtpLoopback.StartAsync(new SmtpLoopbackSettings());
        var channel = new EmailChannel(ChannelSamples.Email(smtp.Port), _time);

        await channel.SendAsync(ChannelSamples.Message(), CancellationToken.None);

        var document = new HtmlParser().ParseDocument(Assert.Single(smtp.Messages).HtmlBody ?? string.Empty);
        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.Empty(document.QuerySelectorAll("b"));
        Assert.Contains(ChannelSamples.CrawledTitle, document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_message_id_is_derived_from_the_alert_id_and_kept_as_provider_id()
    {
        await using var smtp = await SmtpLoopback.StartAsync(new SmtpLoopbackSettings());
        var channel = new EmailChannel(ChannelSamples.Email(smtp.Port), _time);

        var result = await channel.SendAsync(ChannelSamples.Message(), CancellationToken.None);

        Assert.Equal("alert-jyj-ywjy-zsfa-2026-email@yiwu.example.gov.cn", Assert.Single(smtp.Messages).MessageId);
        Assert.Equal("alert-jyj-ywjy-zsfa-2026-email@yiwu.example.gov.cn", result.ProviderMessageId);
        Assert.Equal(ChannelSamples.Now, result.At);
    }

    [Fact]
    public async Task With_credentials_the_channel_authenticates_with_the_password_from_the_environment()
    {
        await using var smtp = await SmtpLoopback.StartAsync(new SmtpLoopbackSettings { Credentials = ("monitor", "s3cret-口令") });
        var options = ChannelSamples.Email(smtp.Port) with { UserName = "monitor", PasswordVariable = "TEST_SMTP_PASSWORD" };
        var channel = new EmailChannel(options, _time, ChannelSamples.Environment(("TEST_SMTP_PASSWORD", "s3cret-口令")));

        var result = await channel.SendAsync(ChannelSamples.Message(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("monitor:s3cret-口令", Assert.Single(smtp.Logins));
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task A_wrong_password_is_a_permanent_failure()
    {
        await using var smtp = await SmtpLoopback.StartAsync(new SmtpLoopbackSettings { Credentials = ("monitor", "right") });
        var options = ChannelSamples.Email(smtp.Port) with { UserName = "monitor", PasswordVariable = "TEST_SMTP_PASSWORD" };
        var channel = new EmailChannel(options, _time, ChannelSamples.Environment(("TEST_SMTP_PASSWORD", "wrong")));

        var result = await channel.SendAsync(ChannelSamples.Message(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.False(result.Retryable);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Starttls_with_a_pinned_self_signed_certificate_delivers_the_mail()
    {
        using var certificate = SmtpLoopback.SelfSignedCertificate();
        await using var smtp = await SmtpLoopback.StartAsync(new SmtpLoopbackSettings
        {
            Certificate = certificate,
            Credentials = ("monitor", "right"),
        });
        var options = ChannelSamples.Email(smtp.Port) with
        {
            Host = "localhost",
            Security = SmtpSecurity.StartTls,
            UserName = "monitor",
            PasswordVariable = "TEST_SMTP_PASSWORD",
            TrustedCertificateSha256 = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256),
        };
        var channel = new EmailChannel(options, _time, ChannelSamples.Environment(("TEST_SMTP_PASSWORD", "right")));

        var result = await channel.SendAsync(ChannelSamples.Message(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task Ssl_on_connect_with_a_pinned_certificate_delivers_the_mail()
    {
        using var certificate = SmtpLoopback.SelfSignedCertificate();
        await using var smtp = await SmtpLoopback.StartAsync(new SmtpLoopbackSettings { Certificate = certificate, TlsOnConnect = true });
        var options = ChannelSamples.Email(smtp.Port) with
        {
            Host = "localhost",
            Security = SmtpSecurity.SslOnConnect,
            TrustedCertificateSha256 = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256),
        };
        var channel = new EmailChannel(options, _time);

        var result = await channel.SendAsync(ChannelSamples.Message(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task An_unknown_self_signed_certificate_is_refused_permanently()
    {
        using var certificate = SmtpLoopback.SelfSignedCertificate();
        await using var smtp = await SmtpLoopback.StartAsync(new SmtpLoopbackSettings { Certificate = certificate });
        var options = ChannelSamples.Email(smtp.Port) with { Host = "localhost", Security = SmtpSecurity.StartTls };
        var channel = new EmailChannel(options, _time);

        var result = await channel.SendAsync(ChannelSamples.Message(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.False(result.Retryable);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task A_server_that_is_down_gives_a_retryable_failure_and_the_retry_succeeds_once_it_is_back()
    {
        var port = SmtpLoopback.FreePort();
        var channel = new EmailChannel(ChannelSamples.Email(port), _time);

        var whileDown = await channel.SendAsync(ChannelSamples.Message(), CancellationToken.None);
        await using var smtp = await SmtpLoopback.StartAsync(new SmtpLoopbackSettings(), port);
        var afterwards = await channel.SendAsync(ChannelSamples.Message(), CancellationToken.None);

        Assert.False(whileDown.Succeeded);
        Assert.True(whileDown.Retryable, whileDown.Error);
        Assert.NotNull(whileDown.Error);
        Assert.True(afterwards.Succeeded, afterwards.Error);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task A_refused_recipient_is_a_permanent_failure()
    {
        await using var smtp = await SmtpLoopback.StartAsync(new SmtpLoopbackSettings { RejectRecipients = true });
        var channel = new EmailChannel(ChannelSamples.Email(smtp.Port), _time);

        var result = await channel.SendAsync(ChannelSamples.Message(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.False(result.Retryable, result.Error);
    }

    [Fact]
    public async Task A_transient_4xx_reply_to_the_message_is_retryable()
    {
        await using var smtp = await SmtpLoopback.StartAsync(new SmtpLoopbackSettings { DataReplyCode = 451 });
        var channel = new EmailChannel(ChannelSamples.Email(smtp.Port), _time);

        var result = await channel.SendAsync(ChannelSamples.Message(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.True(result.Retryable, result.Error);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_passes_through_instead_of_becoming_a_failure()
    {
        await using var smtp = await SmtpLoopback.StartAsync(new SmtpLoopbackSettings());
        var channel = new EmailChannel(ChannelSamples.Email(smtp.Port), _time);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => channel.SendAsync(ChannelSamples.Message(), new CancellationToken(canceled: true)));
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task An_invalid_recipient_address_fails_permanently_without_connecting()
    {
        var channel = new EmailChannel(ChannelSamples.Email(SmtpLoopback.FreePort()), _time);

        var result = await channel.SendAsync(ChannelSamples.Message(address: "not an address"), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.False(result.Retryable);
    }

    [Fact]
    public void A_missing_password_variable_stops_construction_without_showing_any_secret()
    {
        var options = ChannelSamples.Email(25) with { UserName = "monitor", PasswordVariable = "TEST_SMTP_PASSWORD" };

        var error = Assert.Throws<ArgumentException>(() => new EmailChannel(options, _time, ChannelSamples.Environment()));

        Assert.Contains("TEST_SMTP_PASSWORD", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2.0.0 Ok: queued as 4XyZ9", "4XyZ9")]
    [InlineData("250 2.0.0 OK queued as ABC.123", "ABC.123")]
    [InlineData("Ok", null)]
    public void The_servers_queue_id_is_read_from_its_reply(string reply, string? expected)
    {
        Assert.Equal(expected, EmailChannel.QueuedId(reply));
    }

    [Fact]
    public void An_alert_id_with_unsafe_characters_becomes_a_hashed_message_id()
    {
        var id = EmailChannel.MessageIdFor("告警 <f1>", "yiwu.example.gov.cn");

        Assert.Matches("^[0-9a-f]{32}@yiwu\\.example\\.gov\\.cn$", id);
        Assert.Equal(id, EmailChannel.MessageIdFor("告警 <f1>", "yiwu.example.gov.cn"));
    }
}
