using System.Globalization;
using System.Text;
using Monitor.Alerting;
using Monitor.Host.Reports;
using Monitor.Host.Store;

namespace Monitor.Host.Alerting;

/// <summary>A message the preview shows: planned now and not yet in the outbox, or waiting in the outbox and due.</summary>
internal sealed record PreviewRow(AlertMessage Message, string Status);

/// <summary>The Chinese console tables of <c>monitor alerts preview</c> and <c>monitor alerts log</c>.</summary>
internal static class AlertTables
{
    private const string Gap = "  ";

    public static string Preview(IReadOnlyList<PreviewRow> rows, DateTimeOffset now)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"预览时间：{ChinaTime.FormatDateTime(now)}（仅预览，不发送）");
        if (rows.Count == 0)
        {
            text.AppendLine("当前没有需要发送的消息。");
            return text.ToString();
        }

        text.Append(Render(
            ["单位", "收件人", "渠道", "地址", "级别", "状态", "主题"],
            [.. rows.Select(r => new[]
            {
                r.Message.Recipient.UnitId, r.Message.Recipient.Name, ChannelNames.Chinese(r.Message.Recipient.Channel), r.Message.Recipient.Address,
                ChannelNames.Chinese(r.Message.Level), r.Status, r.Message.Subject,
            })]));
        text.AppendLine(CultureInfo.InvariantCulture, $"共 {rows.Count} 条消息将发送。");
        return text.ToString();
    }

    /// <summary>The subjects silences keep quiet now, each with the silence's reason and author; empty text when none.</summary>
    public static string Silenced(IReadOnlyList<SilencedRow> rows)
    {
        if (rows.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"已静默（{rows.Count} 项，不发送）：");
        text.Append(Render(["单位", "发现编号", "事项 / 问题", "静默原因"], [.. rows.Select(r => new[] { r.UnitId, r.SubjectKey, r.Summary, r.Detail })]));
        return text.ToString();
    }

    /// <summary>
    /// The audit log: every send attempt and every suppression by a silence (result 已静默, recorded once per subject and
    /// silence), in time order.
    /// </summary>
    public static string Log(IReadOnlyList<MonitorStore.AlertAttempt> attempts, IReadOnlyList<SilencedRow>? silenced = null)
    {
        silenced ??= [];
        if (attempts.Count == 0 && silenced.Count == 0)
        {
            return "发送记录为空。" + Environment.NewLine;
        }

        var rows = attempts.Select(a => (a.At, Cells: new[]
            {
                Stamp(a.At), ChannelNames.Chinese(a.Channel), a.UnitId, a.RecipientName, a.Address, a.Attempt.ToString(CultureInfo.InvariantCulture),
                ChannelNames.StateChinese(a.Result), a.ProviderMessageId ?? "—", a.Error is null ? a.Subject : a.Subject + " / " + a.Error,
            }))
            .Concat(silenced.Select(s => (s.At, Cells: new[]
            {
                Stamp(s.At), "—", s.UnitId, "—", "—", "—", "已静默", "—", $"{s.Summary}（{s.SubjectKey}） / {s.Detail}",
            })))
            .OrderBy(r => r.At)
            .Select(r => r.Cells)
            .ToList();
        var text = new StringBuilder(Render(["时间", "渠道", "单位", "收件人", "地址", "次数", "结果", "服务方编号", "主题 / 错误"], rows));
        text.AppendLine(CultureInfo.InvariantCulture, $"共 {attempts.Count} 次发送尝试。");
        if (silenced.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"另有 {silenced.Count} 项因静默未发送。");
        }

        return text.ToString();
    }

    private static string Stamp(DateTimeOffset at) =>
        ChinaTime.FormatDateTime(at) + ":" + ChinaTime.ToShanghai(at).ToString("ss", CultureInfo.InvariantCulture);

    /// <summary>Left-aligned columns by terminal width; the last column is not padded. Control characters become spaces.</summary>
    private static string Render(string[] header, IReadOnlyList<string[]> rows)
    {
        var all = rows.Prepend(header).Select(r => r.Select(Printable).ToArray()).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => all.Max(r => TerminalWidth.Of(r[i]))).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            text.AppendLine(string.Join(Gap, row.Select((cell, i) => i == row.Length - 1 ? cell : TerminalWidth.PadRight(cell, widths[i]))));
        }

        return text.ToString();
    }

    private static string Printable(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(char.IsControl(c) ? ' ' : c);
        }

        return clean.ToString().Trim();
    }
}
