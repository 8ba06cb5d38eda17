namespace Monitor.Alerting.Channels;

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text; only for a relay on the same host or a trusted network.</summary>
    None,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,

    /// <summary>Plain connect, then STARTTLS, which the server must offer (usually port 587).</summary>
    StartTls,

    /// <summary>TLS on connect for port 465, otherwise STARTTLS when the server offers it.</summary>
    Auto,
}

/// <summary>E-mail through an SMTP server (MailKit).</summary>
public sealed record EmailChannelOptions
{
    /// <summary>SMTP server host name or address. Required.</summary>
    public string Host { get; init; } = string.Empty;

    /// <summary>SMTP server port. Default 25.</summary>
    public int Port { get; init; } = 25;

    /// <summary>Connection security. Default <see cref="SmtpSecurity.Auto"/>.</summary>
    public SmtpSecurity Security { get; init; } = SmtpSecurity.Auto;

    /// <summary>User name for SMTP AUTH. Default null: no authentication.</summary>
    public string? UserName { get; init; }

    /// <summary>
    /// Name of the environment variable that holds the SMTP password (required with <see cref="UserName"/>).
    /// The password itself never appears in configuration or logs. Default <c>MONITOR_SMTP_PASSWORD</c>.
    /// </summary>
    public string PasswordVariable { get; init; } = "MONITOR_SMTP_PASSWORD";

    /// <summary>Sender display name, e.g. 义乌市政务公开办. Required.</summary>
    public string FromName { get; init; } = string.Empty;

    /// <summary>Sender address. Required.</summary>
    public string FromAddress { get; init; } = string.Empty;

    /// <summary>Time allowed for one message: connect, authenticate, send. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// SHA-256 fingerprint (hex) of a server certificate to trust even though no public CA issued it, as internal
    /// government mail servers often use. Default null: the usual chain validation applies.
    /// </summary>
    public string? TrustedCertificateSha256 { get; init; }

    /// <summary>The problems with these options, one sentence each; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Host))
            errors.Add($"Email {nameof(Host)} is required.");
        if (Port is < 1 or > 65535)
            errors.Add($"Email {nameof(Port)} must be between 1 and 65535 (was {Port}).");
        if (!Enum.IsDefined(Security))
            errors.Add($"Email {nameof(Security)} must be None, SslOnConnect, StartTls or Auto (was {Security}).");
        if (UserName is not null && string.IsNullOrWhiteSpace(PasswordVariable))
            errors.Add($"Email {nameof(PasswordVariable)} must name an environment variable when {nameof(UserName)} is set.");
        if (string.IsNullOrWhiteSpace(FromName))
            errors.Add($"Email {nameof(FromName)} is required.");
        if (!MimeKit.MailboxAddress.TryParse(FromAddress, out _) || !FromAddress.Contains('@', StringComparison.Ordinal))
            errors.Add($"Email {nameof(FromAddress)} must be an e-mail address (was '{FromAddress}').");
        if (Timeout <= TimeSpan.Zero)
            errors.Add($"Email {nameof(Timeout)} must be positive (was {Timeout}).");
        if (TrustedCertificateSha256 is { } pin && (pin.Replace(":", "", StringComparison.Ordinal).Length != 64))
            errors.Add($"Email {nameof(TrustedCertificateSha256)} must be 64 hex digits (was '{pin}').");
        return errors;
    }
}
