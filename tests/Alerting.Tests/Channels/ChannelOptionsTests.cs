using Monitor.Alerting.Channels;

namespace Monitor.Alerting.Tests.Channels;

/// <summary>Pins every channel option's default and the validation message that names a bad key.</summary>
public sealed class ChannelOptionsTests
{
    [Fact]
    public void Email_defaults_are_port_25_auto_security_30_seconds_and_no_authentication()
    {
        var options = new EmailChannelOptions();

        Assert.Equal(25, options.Port);
        Assert.Equal(SmtpSecurity.Auto, options.Security);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.Null(options.UserName);
        Assert.Equal("MONITOR_SMTP_PASSWORD", options.PasswordVariable);
        Assert.Null(options.TrustedCertificateSha256);
    }

    [Fact]
    public void Email_validation_names_every_missing_or_bad_key()
    {
        var errors = new EmailChannelOptions { Port = 0, Timeout = TimeSpan.Zero, FromAddress = "nobody" }.Validate();

        Assert.Equal(
            [
                "Email Host is required.",
                "Email Port must be between 1 and 65535 (was 0).",
                "Email FromName is required.",
                "Email FromAddress must be an e-mail address (was 'nobody').",
                "Email Timeout must be positive (was 00:00:00).",
            ],
            errors);
    }

    [Fact]
    public void Sms_gateway_defaults_are_post_json_code_zero_and_10_seconds()
    {
        var options = new HttpSmsGatewayOptions();

        Assert.Equal("POST", options.Method);
        Assert.Equal("application/json", options.ContentType);
        Assert.Null(options.SuccessField);
        Assert.Equal("0", options.SuccessValue);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.Empty(options.Headers);
        Assert.Empty(options.SecretHeaders);
    }

    [Fact]
    public void Sms_gateway_validation_requires_a_url_and_the_mobile_and_text_placeholders()
    {
        var errors = new HttpSmsGatewayOptions { UrlTemplate = "ftp://x/{mobile}", Method = "PUT", SuccessPattern = "(" }.Validate();

        Assert.Equal(
            [
                "SMS gateway UrlTemplate must be an absolute http(s) URL (was 'ftp://x/{mobile}').",
                "SMS gateway Method must be GET or POST (was 'PUT').",
                "SMS gateway needs {text} in UrlTemplate or BodyTemplate.",
            ],
            errors.Take(3));
        Assert.Contains(errors, e => e.StartsWith("SMS gateway SuccessPattern is not a valid regular expression", StringComparison.Ordinal));
    }

    [Fact]
    public void Aliyun_defaults_are_the_public_endpoint_hangzhou_and_a_content_parameter()
    {
        var options = new AliyunSmsOptions();

        Assert.Equal("https://dysmsapi.aliyuncs.com/", options.Endpoint);
        Assert.Equal("cn-hangzhou", options.RegionId);
        Assert.Equal("content", options.TextParameter);
        Assert.Equal("ALIYUN_SMS_ACCESS_KEY_SECRET", options.AccessKeySecretVariable);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
    }

    [Fact]
    public void Aliyun_validation_names_the_missing_keys()
    {
        var errors = new AliyunSmsOptions().Validate();

        Assert.Equal(
            [
                "Aliyun SMS AccessKeyId is required.",
                "Aliyun SMS SignName is required.",
                "Aliyun SMS TemplateCode is required.",
            ],
            errors);
    }

    [Fact]
    public void Robot_defaults_are_10_seconds_unsigned_dingtalk_and_the_public_wecom_webhook()
    {
        var dingTalk = new DingTalkRobotOptions();
        var weCom = new WeComRobotOptions();

        Assert.Null(dingTalk.SecretVariable);
        Assert.Equal(TimeSpan.FromSeconds(10), dingTalk.Timeout);
        Assert.Equal(18_000, dingTalk.MaxContentBytes);
        Assert.Equal("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=", weCom.WebhookBase);
        Assert.Equal(TimeSpan.FromSeconds(10), weCom.Timeout);
        Assert.Equal(2048, weCom.MaxContentBytes);
    }

    [Fact]
    public void Robot_validation_names_the_bad_keys()
    {
        Assert.Equal(
            ["DingTalk Timeout must be positive (was -00:00:01)."],
            new DingTalkRobotOptions { Timeout = TimeSpan.FromSeconds(-1) }.Validate());
        Assert.Equal(
            ["WeCom MaxContentBytes must be between 200 and 2048 (was 4096)."],
            new WeComRobotOptions { MaxContentBytes = 4096 }.Validate());
    }

    [Fact]
    public void A_channel_refuses_invalid_options_at_construction()
    {
        var error = Assert.Throws<ArgumentException>(() => new WeComRobotChannel(new HttpClient(), new WeComRobotOptions { WebhookBase = "nope" }, TimeProvider.System));

        Assert.Contains("WeCom WebhookBase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_secret_variable_stops_construction_and_names_the_variable_not_a_value()
    {
        var error = Assert.Throws<ArgumentException>(() => new DingTalkRobotChannel(
            new HttpClient(),
            new DingTalkRobotOptions { SecretVariable = "TEST_DINGTALK_SECRET" },
            TimeProvider.System,
            ChannelSamples.Environment()));

        Assert.Contains("TEST_DINGTALK_SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_channels_are_created_one_per_kind_and_absent_ones_are_missing()
    {
        var options = new AlertChannelsOptions
        {
            Email = ChannelSamples.Email(2525),
            AliyunSms = new AliyunSmsOptions { AccessKeyId = "id", AccessKeySecretVariable = "S", SignName = "义乌政务公开", TemplateCode = "SMS_1" },
            WeCom = new WeComRobotOptions(),
        };

        var channels = options.CreateChannels(new HttpClient(), TimeProvider.System, ChannelSamples.Environment(("S", "secret")));

        Assert.Equal([ChannelKind.Email, ChannelKind.Sms, ChannelKind.WeCom], channels.Keys.Order());
        Assert.IsType<AliyunSmsChannel>(channels[ChannelKind.Sms]);
        Assert.All(channels, pair => Assert.Equal(pair.Key, pair.Value.Kind));
    }

    [Fact]
    public void Two_sms_providers_are_refused_together_with_the_problems_of_each_channel()
    {
        var options = new AlertChannelsOptions
        {
            SmsGateway = new HttpSmsGatewayOptions { UrlTemplate = "https://sms.example.cn/send?to={mobile}&text={text}" },
            AliyunSms = new AliyunSmsOptions { AccessKeyId = "id", SignName = "s", TemplateCode = "t" },
            Email = new EmailChannelOptions { FromName = "义乌市政务公开办", FromAddress = "gkb@yiwu.example.gov.cn" },
        };

        Assert.Equal(
            ["Configure one SMS provider: SmsGateway or AliyunSms, not both.", "Email Host is required."],
            options.Validate());
    }

    [Fact]
    public void An_xml_body_escapes_markup_in_the_text()
    {
        var escape = HttpSmsGatewayChannel.BodyEscaper("text/xml");

        Assert.Equal("a &lt;b&gt; &amp; &quot;c&quot;", escape("a <b> & \"c\""));
    }
}
