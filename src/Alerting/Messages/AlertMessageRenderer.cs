using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Alerting.Messages;

/// <summary>
/// Renders an <see cref="AlertNotice"/> in Chinese for one channel: what is wrong, which item and legal basis, the
/// due date, where (link) and what to do. Crawled text (finding messages, item names, URLs) is untrusted: it is
/// HTML-encoded in mail, Markdown-escaped in robot messages, kept to one line in SMS, and a link is only made for
/// an absolute http/https URL. Pure: the same notice gives the same text.
/// </summary>
public static class AlertMessageRenderer
{
    /// <summary>Robot messages list at most this many subjects; the rest are counted and left to the e-mail digest.</summary>
    public const int MaxRobotItems = 20;

    /// <summary>WeCom rejects markdown content over 4096 UTF-8 bytes; we stay below with room for the footer.</summary>
    public const int WeComMaxContentBytes = 4000;

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // Chinese stays readable in the outbox and logs; HTML-significant characters are still escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>Renders the notice for <paramref name="channel"/>; robot channels get their webhook JSON as the text body.</summary>
    public static RenderedText Render(AlertNotice notice, ChannelKind channel)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Items.Count == 0)
        {
            throw new ArgumentException("A notice needs at least one subject.", nameof(notice));
        }

        var title = Title(notice);
        return channel switch
        {
            ChannelKind.Email => new RenderedText(title, PlainText(notice), Html(notice, title)),
            ChannelKind.Sms => new RenderedText(title, Sms(notice), null),
            ChannelKind.DingTalk => new RenderedText(title, DingTalkJson(title, Markdown(notice, title, utf8Limit: null)), null),
            ChannelKind.WeCom => new RenderedText(title, WeComJson(Markdown(notice, title, WeComMaxContentBytes)), null),
            _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
        };
    }

    /// <summary>The one-line title: 【政务公开告警】市教育局：应公开未公开·招生方案（已逾期2个工作日）.</summary>
    public static string Title(AlertNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var unit = SmsText.OneLine(notice.UnitName);
        var tag = $"【政务公开{LevelChinese(notice.Level)}】{unit}：";
        if (notice.Level == AlertLevel.Digest)
        {
            return tag + Invariant($"{notice.Items.Count}项问题待处理（截至{ChinaTime.FormatDate(notice.At)}）");
        }

        var item = notice.Items[0];
        var what = What(item.Subject);
        var state = notice.Level switch
        {
            AlertLevel.Warning when item.WorkingDaysLeft is { } left => $"（{DueText(item.Subject)}到期，{LeftText(left)}）",
            AlertLevel.Alert when item.WorkingDaysOverdue is { } late => $"（{LateText(late)}）",
            AlertLevel.Resolved => "（已整改）",
            _ => string.Empty,
        };
        var stage = (notice.Level, notice.Stage) switch
        {
            (AlertLevel.Alert or AlertLevel.Veto, EscalationStage.Leader) => "【提请督办】",
            (AlertLevel.Alert or AlertLevel.Veto, EscalationStage.Office) => "【报监督部门】",
            _ => string.Empty,
        };
        return stage + tag + what + state;
    }

    /// <summary>预警/告警/否决/解除/日报.</summary>
    public static string LevelChinese(AlertLevel level) => level switch
    {
        AlertLevel.Warning => "预警",
        AlertLevel.Alert => "告警",
        AlertLevel.Veto => "否决",
        AlertLevel.Resolved => "解除",
        AlertLevel.Digest => "日报",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    private static string PlainText(AlertNotice notice)
    {
        var text = new StringBuilder();
        text.Append(Greeting(notice)).AppendLine("：").AppendLine();
        text.AppendLine(Introduction(notice)).AppendLine();
        for (var i = 0; i < notice.Items.Count; i++)
        {
            var item = notice.Items[i];
            var number = notice.Items.Count > 1 ? Invariant($"{i + 1}. ") : string.Empty;
            text.AppendLine(Invariant($"{number}【{LevelChinese(item.Level)}·{FindingLabels.KindChinese(item.Subject.Kind)}】{SmsText.OneLine(item.Subject.Message)}"));
            foreach (var (label, value) in Details(item, notice.Level))
            {
                text.AppendLine(Invariant($"   {label}：{SmsText.OneLine(value)}"));
            }

            text.AppendLine();
        }

        text.AppendLine("本消息由政务公开监测平台自动发送，请勿直接回复。");
        return text.ToString();
    }

    private static string Html(AlertNotice notice, string title)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>")
            .Append(SafeHtml.Text(title)).Append("</title></head><body style=\"font-family:sans-serif\">");
        html.Append("<p>").Append(SafeHtml.Text(Greeting(notice))).Append("：</p>");
        html.Append("<p>").Append(SafeHtml.Text(Introduction(notice))).Append("</p>");
        foreach (var item in notice.Items)
        {
            html.Append("<h3>【").Append(SafeHtml.Text(LevelChinese(item.Level))).Append('·')
                .Append(SafeHtml.Text(FindingLabels.KindChinese(item.Subject.Kind))).Append("】")
                .Append(SafeHtml.Text(item.Subject.Message)).Append("</h3><table>");
            foreach (var (label, value) in Details(item, notice.Level))
            {
                var cell = label == "位置" ? SafeHtml.Link(value) : SafeHtml.Text(value);
                html.Append("<tr><th align=\"left\">").Append(SafeHtml.Text(label)).Append("</th><td>").Append(cell).Append("</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("<p style=\"color:#888\">本消息由政务公开监测平台自动发送，请勿直接回复。</p></body></html>");
        return html.ToString();
    }

    private static string Sms(AlertNotice notice)
    {
        var unit = SmsText.OneLine(notice.UnitName);
        if (notice.Level == AlertLevel.Digest)
        {
            return SmsText.Fit(Invariant($"【政务公开日报】{unit}："), Invariant($"{notice.Items.Count}项问题待处理"), "，详见邮件。");
        }

        var item = notice.Items[0];
        var subject = item.Subject;
        var stage = (notice.Level, notice.Stage) switch
        {
            (AlertLevel.Alert or AlertLevel.Veto, EscalationStage.Leader) => "提请督办：",
            (AlertLevel.Alert or AlertLevel.Veto, EscalationStage.Office) => "报监督部门：",
            _ => string.Empty,
        };
        var head = Invariant($"【政务公开{LevelChinese(notice.Level)}】{stage}{unit}{FindingLabels.KindChinese(subject.Kind)}：");
        var middle = subject.ItemName is { Length: > 0 } name ? $"“{name}”{subject.Message}" : subject.Message;
        var tail = notice.Level switch
        {
            AlertLevel.Resolved => "，已整改，告警解除。",
            AlertLevel.Warning when item.WorkingDaysLeft is { } left => $"，{DueText(subject)}到期（{LeftText(left)}），请及时处理。",
            AlertLevel.Alert when item.WorkingDaysOverdue is { } late => $"，{LateText(late)}，请立即整改。",
            _ => "，请立即整改。",
        };
        return SmsText.Fit(head, middle, tail);
    }

    private static string Markdown(AlertNotice notice, string title, int? utf8Limit)
    {
        // Drop subjects from the end until the body fits the platform's limit; the count of dropped ones is said.
        var shown = Math.Min(notice.Items.Count, MaxRobotItems);
        while (true)
        {
            var text = MarkdownBody(notice, title, shown);
            if (utf8Limit is null || shown <= 1 || Encoding.UTF8.GetByteCount(text) <= utf8Limit)
            {
                return text;
            }

            shown--;
        }
    }

    private static string MarkdownBody(AlertNotice notice, string title, int shown)
    {
        var md = new StringBuilder();
        md.Append("### ").AppendLine(MarkdownText(title)).AppendLine();
        md.AppendLine(MarkdownText(Introduction(notice))).AppendLine();
        for (var i = 0; i < shown; i++)
        {
            var item = notice.Items[i];
            md.Append(Invariant($"**{i + 1}. 【{LevelChinese(item.Level)}·{FindingLabels.KindChinese(item.Subject.Kind)}】**"))
                .AppendLine(MarkdownText(item.Subject.Message)).AppendLine();
            foreach (var (label, value) in Details(item, notice.Level))
            {
                var shownValue = label == "位置" && SafeHtml.WebUrl(value) is { } uri
                    ? $"[查看页面]({MarkdownUrl(uri)})"
                    : MarkdownText(value);
                md.Append("- ").Append(label).Append('：').AppendLine(shownValue);
            }

            md.AppendLine();
        }

        if (shown < notice.Items.Count)
        {
            md.AppendLine(Invariant($"……另有{notice.Items.Count - shown}项，详见邮件日报。")).AppendLine();
        }

        md.Append("> 政务公开监测平台自动发送");
        return md.ToString();
    }

    private static string DingTalkJson(string title, string markdown) => Json(w =>
    {
        // DingTalk robot: {"msgtype":"markdown","markdown":{"title":…,"text":…}}; the title shows in the chat list.
        w.WriteString("msgtype", "markdown");
        w.WriteStartObject("markdown");
        w.WriteString("title", SmsText.OneLine(title));
        w.WriteString("text", markdown);
        w.WriteEndObject();
    });

    private static string WeComJson(string markdown) => Json(w =>
    {
        // WeCom group robot: {"msgtype":"markdown","markdown":{"content":…}}.
        w.WriteString("msgtype", "markdown");
        w.WriteStartObject("markdown");
        w.WriteString("content", markdown);
        w.WriteEndObject();
    });

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // A leader or the office is not the unit: they are greeted neutrally and the introduction names the unit.
    private static string Greeting(AlertNotice notice) =>
        notice.Stage == EscalationStage.Unit ? SmsText.OneLine(notice.UnitName) : "您好";

    private static string Introduction(AlertNotice notice)
    {
        var unit = SmsText.OneLine(notice.UnitName);
        var first = notice.Items[0];
        return (notice.Level, notice.Stage) switch
        {
            (AlertLevel.Digest, _) => Invariant($"截至{ChinaTime.FormatDateTime(notice.At)}，贵单位有{notice.Items.Count}项政务公开问题待处理，请逐项落实整改："),
            (AlertLevel.Warning, _) when first.WorkingDaysLeft is not null => "以下事项即将到期，请提前安排发布，避免逾期。",
            (AlertLevel.Warning, _) => "以下问题即将达到考核时限，请及时处理，避免触发告警。",
            (AlertLevel.Veto, EscalationStage.Office) => Invariant($"{unit}出现单项否决问题，请政务公开监督部门督促整改。"),
            (AlertLevel.Veto, EscalationStage.Leader) => Invariant($"{unit}出现单项否决问题，请督促立即整改。"),
            (AlertLevel.Veto, _) => "以下问题触发单项否决，请立即整改；本消息已同时报送政务公开监督部门。",
            (AlertLevel.Resolved, EscalationStage.Unit) => Invariant($"以下问题经{ChinaTime.FormatDate(first.Subject.ResolvedAt ?? notice.At)}复查已整改，告警解除。"),
            (AlertLevel.Resolved, _) => Invariant($"{unit}的以下问题经{ChinaTime.FormatDate(first.Subject.ResolvedAt ?? notice.At)}复查已整改，告警解除。"),
            (_, EscalationStage.Leader) => Invariant($"{unit}的以下问题逾期{first.WorkingDaysOverdue ?? 0}个工作日仍未整改，请督促处理。"),
            (_, EscalationStage.Office) => Invariant($"{unit}的以下问题逾期{first.WorkingDaysOverdue ?? 0}个工作日仍未整改，现报送政务公开监督部门督办。"),
            _ => "以下问题已超过规定期限，请立即整改。",
        };
    }

    private static IEnumerable<(string Label, string Value)> Details(NoticeItem item, AlertLevel noticeLevel)
    {
        var s = item.Subject;
        if (!string.IsNullOrWhiteSpace(s.ItemName))
        {
            yield return ("事项", s.ItemName);
        }

        if (!string.IsNullOrWhiteSpace(s.Basis))
        {
            yield return ("依据", s.Basis);
        }

        if (s.DueDate is not null)
        {
            var state = item.WorkingDaysLeft is { } left ? $"（{LeftText(left)}）"
                : item.WorkingDaysOverdue is { } late ? $"（{LateText(late)}）"
                : string.Empty;
            yield return ("期限", DueText(s) + state);
        }

        if (!string.IsNullOrWhiteSpace(s.DocumentUrl))
        {
            yield return ("位置", s.DocumentUrl);
        }

        yield return ("整改要求", noticeLevel == AlertLevel.Resolved ? "无需处理，请保持" : FindingLabels.ActionChinese(s.Kind));
    }

    private static string What(AlertSubject s) =>
        s.ItemName is { Length: > 0 } name
            ? FindingLabels.KindChinese(s.Kind) + "·" + SmsText.OneLine(name)
            : FindingLabels.KindChinese(s.Kind);

    private static string LeftText(int left) => left == 0 ? "今日到期" : Invariant($"剩余{left}个工作日");

    // 0 working days overdue happens when the day after the due date is a holiday.
    private static string LateText(int late) => late == 0 ? "已逾期" : Invariant($"已逾期{late}个工作日");

    private static string DueText(AlertSubject s) => s.DueDate is { } due ? ChinaTime.FormatDate(due) : string.Empty;

    /// <summary>
    /// Crawled text in Markdown: Markdown punctuation backslash-escaped, then HTML-encoded (robots render some HTML);
    /// <c>    /// <summary>Crawled text in Markdown: HTML-encoded (robots render some HTML) and Markdown punctuation escaped.</summary>gt;</c> needs no backslash because encoding turns it into an entity that cannot start a quote.
    /// </summary>
    private static string MarkdownText(string? text)
    {
        // Escape Markdown first, then encode HTML: the other order would break entities such as &#39;.
        var line = SmsText.OneLine(text);
        var md = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '(' or ')' or '#' or '`' or '!' or '|' or '~')
            {
                md.Append('\\');
            }

            md.Append(c);
        }

        return SafeHtml.Text(md.ToString());
    }

    // Parentheses would end a Markdown link early; percent-encoding keeps the URL's meaning.
    private static string MarkdownUrl(Uri uri) => uri.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
