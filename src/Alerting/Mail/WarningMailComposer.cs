using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Text;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Alerting.Mail;

/// <summary>
/// Builds the warning mail a department receives for its open findings, and writes it as an .eml
/// file. Composing is pure: the same input, options and as-of time give byte-identical mails
/// (Date, Message-Id and MIME boundary are all derived from the input), so re-running the demo
/// reproduces the same files and a resend can be recognised by its Message-Id.
/// </summary>
public static class WarningMailComposer
{
    /// <summary>Header carrying the number of findings in the mail, for filters and the outbox.</summary>
    public const string FindingCountHeader = "X-Monitor-Findings";

    private static readonly string[] ChineseOrdinals = ["一", "二", "三", "四", "五", "六"];

    /// <summary>
    /// Composes the warning mail for one department. Pure: the Date header is <paramref name="asOf"/>
    /// and the Message-Id is derived from (department, as-of, finding ids), independent of finding order.
    /// </summary>
    /// <exception cref="ArgumentException">No findings, or a finding that belongs to another department.</exception>
    public static MimeMessage Compose(DepartmentMailInput input, WarningMailOptions options, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        if (input.Findings.Count == 0)
        {
            throw new ArgumentException("A warning mail needs at least one finding.", nameof(input));
        }

        var foreign = input.Findings.FirstOrDefault(f => f.DepartmentId != input.Department.Id);
        if (foreign is not null)
        {
            throw new ArgumentException(
                $"Finding {foreign.Id} belongs to '{foreign.DepartmentId}', not to '{input.Department.Id}'.", nameof(input));
        }

        var groups = GroupBySeverity(input.Findings);
        var digest = Digest(input.Department.Id, asOf, input.Findings);
        var subject = Subject(input.Department.Name, groups, input.Findings.Count, asOf);

        var message = new MimeMessage();
        message.From.Add(Mailbox(options.From));
        foreach (var contact in input.To)
        {
            message.To.Add(Mailbox(contact));
        }

        message.Subject = subject;
        message.Date = asOf;
        message.MessageId = $"warning.{digest[..32]}@{Domain(options.From.Address)}";
        message.Headers.Add(FindingCountHeader, input.Findings.Count.ToString(CultureInfo.InvariantCulture));

        var body = new MultipartAlternative
        {
            TextBody(TextFormat.Plain, PlainText(input, options, groups, asOf)),
            TextBody(TextFormat.Html, Html(input, options, groups, asOf, subject)),
        };

        // MimeKit picks a random boundary by default; a derived one keeps the file reproducible.
        body.Boundary = $"=-monitor-{digest[32..56]}";
        message.Body = body;
        return message;
    }

    /// <summary>
    /// Writes the message as an .eml file (CRLF line endings), creating the folder if needed. The file
    /// appears complete or not at all: it is written beside the target and then moved over it.
    /// </summary>
    public static async Task WriteEmlAsync(MimeMessage message, string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(path);

        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;

        var temporary = full + ".tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await message.WriteToAsync(format, stream, ct).ConfigureAwait(false);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            // A cancelled or failed write must not leave a half-written file behind for the next run to trip over.
            File.Delete(temporary);
            throw;
        }
    }

    private static List<(Severity Severity, List<Finding> Findings)> GroupBySeverity(IReadOnlyList<Finding> findings) =>
        FindingLabels.SeveritiesMostSeriousFirst
            .Select(s => (s, findings
                .Where(f => f.Severity == s)
                .OrderBy(f => f.DueDate ?? DateOnly.MaxValue)
                .ThenBy(f => f.Kind)
                .ThenBy(f => f.Id, StringComparer.Ordinal)
                .ToList()))
            .Where(g => g.Item2.Count > 0)
            .ToList();

    private static string Subject(string departmentName, List<(Severity Severity, List<Finding> Findings)> groups, int count, DateTimeOffset asOf)
    {
        var bySeverity = string.Join("、", groups.Select(g =>
            string.Create(CultureInfo.InvariantCulture, $"{g.Severity.ToChinese()}{g.Findings.Count}项")));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"【政务公开预警】{SingleLine(departmentName)}：{count}项问题待整改（{bySeverity}，截至{ChinaTime.FormatDate(asOf)}）");
    }

    private static string PlainText(DepartmentMailInput input, WarningMailOptions options, List<(Severity Severity, List<Finding> Findings)> groups, DateTimeOffset asOf)
    {
        var text = new StringBuilder();
        text.Append(SingleLine(input.Department.Name)).AppendLine("：").AppendLine();
        text.AppendLine(Introduction(input, options, groups, asOf)).AppendLine();

        for (var g = 0; g < groups.Count; g++)
        {
            var (severity, findings) = groups[g];
            text.AppendLine(CultureInfo.InvariantCulture, $"{ChineseOrdinals[g]}、{severity.ToChinese()}（{findings.Count}项）").AppendLine();
            for (var i = 0; i < findings.Count; i++)
            {
                var f = findings[i];
                text.AppendLine(CultureInfo.InvariantCulture, $"{i + 1}. 【{FindingLabels.KindChinese(f.Kind)}】{SingleLine(f.Message)}");
                foreach (var (label, value) in Details(f, input.SourceNames))
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"   {label}：{SingleLine(value)}");
                }

                text.AppendLine();
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ReportUrl))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"完整监测报告：{SingleLine(options.ReportUrl)}").AppendLine();
        }

        text.AppendLine(Footer);
        return text.ToString();
    }

    private static string Html(DepartmentMailInput input, WarningMailOptions options, List<(Severity Severity, List<Finding> Findings)> groups, DateTimeOffset asOf, string subject)
    {
        const string cell = "border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left;";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(SafeHtml.Text(subject))
            .Append("</title>\n</head>\n<body style=\"font-family:'Microsoft YaHei','PingFang SC',sans-serif;font-size:14px;color:#222;\">\n");
        html.Append("<p>").Append(SafeHtml.Text(input.Department.Name)).Append("：</p>\n");
        html.Append("<p>").Append(SafeHtml.Text(Introduction(input, options, groups, asOf))).Append("</p>\n");

        for (var g = 0; g < groups.Count; g++)
        {
            var (severity, findings) = groups[g];
            html.Append(CultureInfo.InvariantCulture, $"<h3 style=\"color:{SeverityColour(severity)};\">")
                .Append(SafeHtml.Text($"{ChineseOrdinals[g]}、{severity.ToChinese()}（{findings.Count.ToString(CultureInfo.InvariantCulture)}项）"))
                .Append("</h3>\n");
            html.Append("<table style=\"border-collapse:collapse;width:100%;\">\n<tr>");
            foreach (var heading in new[] { "序号", "问题类型", "问题描述", "事项/检查", "栏目", "期限", "位置", "整改要求" })
            {
                html.Append(CultureInfo.InvariantCulture, $"<th style=\"{cell}background:#f3f3f3;\">{heading}</th>");
            }

            html.Append("</tr>\n");
            for (var i = 0; i < findings.Count; i++)
            {
                var f = findings[i];
                html.Append("<tr>");
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"{cell}\">{i + 1}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"{cell}\">{SafeHtml.Text(FindingLabels.KindChinese(f.Kind))}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"{cell}\">{SafeHtml.Text(f.Message)}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"{cell}\">{SafeHtml.Text(ItemOrCheck(f))}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"{cell}\">{SafeHtml.Text(ColumnName(f, input.SourceNames) ?? "—")}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"{cell}\">{SafeHtml.Text(DueText(f) ?? "—")}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"{cell}\">{WhereHtml(f)}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"{cell}\">{SafeHtml.Text(FindingLabels.ActionChinese(f.Kind))}</td>");
                html.Append("</tr>\n");
            }

            html.Append("</table>\n");
        }

        if (!string.IsNullOrWhiteSpace(options.ReportUrl))
        {
            html.Append("<p>完整监测报告：").Append(SafeHtml.Link(options.ReportUrl)).Append("</p>\n");
        }

        html.Append("<p style=\"color:#888;font-size:12px;\">").Append(SafeHtml.Text(Footer)).Append("</p>\n</body>\n</html>\n");
        return html.ToString();
    }

    private const string Footer = "本邮件由政务公开监测平台自动生成，请勿直接回复。如对监测结果有异议，请联系市政务公开办。";

    private static string Introduction(DepartmentMailInput input, WarningMailOptions options, List<(Severity Severity, List<Finding> Findings)> groups, DateTimeOffset asOf)
    {
        var bySeverity = string.Join("、", groups.Select(g =>
            string.Create(CultureInfo.InvariantCulture, $"{g.Severity.ToChinese()}{g.Findings.Count}项")));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"截至{ChinaTime.FormatDateTime(asOf)}，政务公开监测平台在“{SingleLine(options.SiteName)}”发现贵单位{input.Findings.Count}项问题（{bySeverity}），请按整改要求及时处理。");
    }

    /// <summary>The labelled facts of one finding, in the order the plain-text body lists them.</summary>
    private static IEnumerable<(string Label, string Value)> Details(Finding f, IReadOnlyDictionary<string, string> sourceNames)
    {
        yield return ("事项/检查", ItemOrCheck(f));
        if (ColumnName(f, sourceNames) is { } column)
        {
            yield return ("栏目", column);
        }

        if (DueText(f) is { } due)
        {
            yield return ("期限", due);
        }

        if (!string.IsNullOrWhiteSpace(f.DocumentUrl))
        {
            yield return ("位置", f.DocumentUrl);
        }

        if (!string.IsNullOrWhiteSpace(f.TargetUrl))
        {
            yield return ("链接目标", f.TargetUrl);
        }

        if (!string.IsNullOrWhiteSpace(f.Basis))
        {
            yield return ("依据", f.Basis);
        }

        yield return ("整改要求", FindingLabels.ActionChinese(f.Kind));
    }

    private static string ItemOrCheck(Finding f)
    {
        if (f.ItemId is null)
        {
            return "站点检查：" + FindingLabels.KindChinese(f.Kind);
        }

        return f.Area is null ? "事项 " + f.ItemId : $"事项 {f.ItemId}（{f.Area}）";
    }

    private static string? ColumnName(Finding f, IReadOnlyDictionary<string, string> sourceNames) =>
        f.SourceId is null ? null : sourceNames.TryGetValue(f.SourceId, out var name) ? name : f.SourceId;

    private static string? DueText(Finding f) =>
        f.DueDate is { } due ? ChinaTime.FormatDate(due) + (f.Provisional ? "（暂定）" : string.Empty) : null;

    private static string WhereHtml(Finding f)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(f.DocumentUrl))
        {
            parts.Add(SafeHtml.Link(f.DocumentUrl));
        }

        if (!string.IsNullOrWhiteSpace(f.TargetUrl))
        {
            parts.Add("链接目标：" + SafeHtml.Link(f.TargetUrl));
        }

        return parts.Count == 0 ? "—" : string.Join("<br>", parts);
    }

    private static string SeverityColour(Severity severity) => severity switch
    {
        Severity.Veto => "#8b0000",
        Severity.Alert => "#c0392b",
        Severity.Warning => "#d35400",
        _ => "#555555",
    };

    private static TextPart TextBody(TextFormat format, string text)
    {
        var part = new TextPart(format);
        // Text parts are CRLF in canonical MIME form (RFC 2046 §4.1.1), before the transfer encoding.
        part.SetText(Encoding.UTF8, text.ReplaceLineEndings("\r\n"));

        // Base64 keeps Chinese text compact and the encoding choice independent of content.
        part.ContentTransferEncoding = ContentEncoding.Base64;
        return part;
    }

    private static MailboxAddress Mailbox(MailContact contact) => new(SingleLine(contact.DisplayName), contact.Address);

    private static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..];

    /// <summary>Crawled text may carry line breaks and control characters; one-line fields must not.</summary>
    private static string SingleLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var line = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            line.Append(char.IsControl(c) ? ' ' : c);
        }

        return line.ToString().Trim();
    }

    private static string Digest(string departmentId, DateTimeOffset asOf, IReadOnlyList<Finding> findings)
    {
        // Sorted ids: the same set of findings names the same mail whatever order the evaluator produced.
        var key = new StringBuilder()
            .Append(departmentId).Append('\n')
            .Append(asOf.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)).Append('\n')
            .AppendJoin('\n', findings.Select(f => f.Id).Order(StringComparer.Ordinal))
            .ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
