namespace Monitor.Alerting.Mail;

/// <summary>Deployment-wide settings of warning mails.</summary>
public sealed record WarningMailOptions
{
    /// <summary>
    /// Sender of every warning mail (e.g. 市政务公开办 &lt;gkb@example.gov.cn&gt;). Required, no default.
    /// Its domain also names the deterministic Message-Id.
    /// </summary>
    public required MailContact From { get; init; }

    /// <summary>Name of the monitored site, shown in the mail body (e.g. 义乌市人民政府门户网站). Required, no default.</summary>
    public required string SiteName { get; init; }

    /// <summary>
    /// Where the full HTML report can be read. Default null: the mail does not mention a report.
    /// Only an absolute http/https URL becomes a link; anything else is shown as text.
    /// </summary>
    public string? ReportUrl { get; init; }
}
