using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Monitor.Alerting.Channels;

/// <summary>
/// Sends a message as e-mail (text with an HTML alternative) through one SMTP session per message.
/// The Message-Id is derived from the message's own id, so a receiving system can recognise a repeat;
/// the provider id kept is the server's "queued as" id when it gives one, else that Message-Id.
/// Failures are data: no answer, 4xx replies and protocol breaks are retryable; 5xx replies,
/// refused credentials, bad addresses and certificate problems are not.
/// </summary>
public sealed partial class EmailChannel : IAlertChannel
{
    private readonly EmailChannelOptions _options;
    private readonly TimeProvider _time;
    private readonly string? _password;
    private readonly MailboxAddress _from;

    /// <param name="environment">Reads environment variables (for the password); default <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    public EmailChannel(EmailChannelOptions options, TimeProvider time, Func<string, string?>? environment = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        _options = options;
        _time = time;
        _from = new MailboxAddress(options.FromName, options.FromAddress);
        if (options.UserName is not null)
        {
            _password = (environment ?? Environment.GetEnvironmentVariable)(options.PasswordVariable) is { Length: > 0 } password
                ? password
                : throw new ArgumentException($"Email password variable {options.PasswordVariable} is not set.", nameof(options));
        }
    }

    public ChannelKind Kind => ChannelKind.Email;

    public async Task<DeliveryResult> SendAsync(AlertMessage message, CancellationToken ct)
    {
        if (!MailboxAddress.TryParse(message.Recipient.Address, out var address) || !address.Address.Contains('@', StringComparison.Ordinal))
            return Failure(false, $"收件地址无效：{message.Recipient.Address}");

        var mime = Compose(message, new MailboxAddress(message.Recipient.Name, address.Address));
        using var timer = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, _options.Timeout.TotalMilliseconds) };
        if (_options.TrustedCertificateSha256 is not null)
        {
            client.ServerCertificateValidationCallback = AcceptPinned;
            // A pinned certificate is a private one: there is no public revocation list to ask.
            client.CheckCertificateRevocation = false;
        }

        string response;
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, SocketOptions(_options.Security), linked.Token).ConfigureAwait(false);
            if (_options.UserName is not null)
                await client.AuthenticateAsync(_options.UserName, _password!, linked.Token).ConfigureAwait(false);
            response = await client.SendAsync(mime, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failure(true, $"邮件服务器超时（{_options.Timeout.TotalSeconds:0.#} 秒）");
        }
        catch (SocketException ex)
        {
            return Failure(true, $"无法连接邮件服务器 {_options.Host}:{_options.Port}：{ex.SocketErrorCode}");
        }
        catch (SmtpCommandException ex)
        {
            // 4xx: mailbox busy, greylisting, quota for now; 5xx: the server will never take this message.
            var code = (int)ex.StatusCode;
            return Failure(code < 500, $"邮件服务器拒绝（{code} {ex.ErrorCode}）：{ex.Message}");
        }
        catch (AuthenticationException ex)
        {
            return Failure(false, $"邮件服务器认证失败：{ex.Message}");
        }
        catch (SslHandshakeException ex)
        {
            return Failure(false, $"与邮件服务器的 TLS 握手失败：{ex.Message}");
        }
        catch (NotSupportedException ex)
        {
            // E.g. StartTls demanded but not offered, or AUTH not offered: a configuration mismatch.
            return Failure(false, $"邮件服务器不支持所需功能：{ex.Message}");
        }
        catch (SmtpProtocolException ex)
        {
            return Failure(true, $"邮件服务器协议错误：{ex.Message}");
        }
        catch (IOException ex)
        {
            return Failure(true, $"与邮件服务器的连接中断：{ex.Message}");
        }

        try
        {
            await client.DisconnectAsync(true, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            // The message was accepted before QUIT failed; it must not be sent again.
        }

        return new DeliveryResult(true, false, QueuedId(response) ?? mime.MessageId, null, _time.GetUtcNow());
    }

    /// <summary>The MIME message: Chinese subject and display names (RFC 2047), text part plus HTML alternative.</summary>
    internal MimeMessage Compose(AlertMessage message, MailboxAddress to)
    {
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = _time.GetUtcNow(),
            MessageId = MessageIdFor(message.Id, _from.Domain),
        };
        mime.From.Add(_from);
        mime.To.Add(to);
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        mime.Body = body.ToMessageBody();
        return mime;
    }

    /// <summary>
    /// A Message-Id stable across retries of the same message: the id itself when it is made of safe characters,
    /// else a hash of it.
    /// </summary>
    internal static string MessageIdFor(string id, string domain)
    {
        var local = SafeLocalPart().IsMatch(id)
            ? id
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..32];
        return $"{local}@{(string.IsNullOrEmpty(domain) ? "monitor.invalid" : domain)}";
    }

    /// <summary>"2.0.0 Ok: queued as 4XyZ" (Postfix and most relays) → 4XyZ.</summary>
    internal static string? QueuedId(string? response)
    {
        var match = response is null ? null : QueuedAs().Match(response);
        return match is { Success: true } ? match.Groups[1].Value : null;
    }

    private bool AcceptPinned(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
            return true;
        if (certificate is null)
            return false;
        var expected = _options.TrustedCertificateSha256!.Replace(":", "", StringComparison.Ordinal);
        var actual = Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
        return string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase);
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.Auto,
    };

    private DeliveryResult Failure(bool retryable, string error) => new(false, retryable, null, error, _time.GetUtcNow());

    [GeneratedRegex(@"^[A-Za-z0-9._\-]{1,64}$")]
    private static partial Regex SafeLocalPart();

    [GeneratedRegex(@"queued as ([A-Za-z0-9._\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex QueuedAs();
}
