using System.Text;
using System.Text.Json;

namespace Monitor.Alerting.Channels;

/// <summary>
/// DingTalk and WeCom robots answer HTTP 200 with <c>{"errcode":0,"errmsg":"ok"}</c> on success and a
/// non-zero errcode on refusal, so the HTTP status alone proves nothing.
/// </summary>
internal static class RobotReply
{
    /// <summary>
    /// The delivery result of a robot's answer. Error codes in <paramref name="retryableCodes"/> (rate limits,
    /// "system busy") may pass later; every other non-zero code is a refusal (bad token, bad sign, keyword).
    /// </summary>
    public static DeliveryResult Judge(HttpReply reply, IReadOnlySet<long> retryableCodes, TimeProvider time)
    {
        if (!reply.IsSuccess)
        {
            return HttpExchange.ForStatus(reply, time);
        }

        var code = JsonField.Find(reply.Body, "errcode");
        if (code is null || !long.TryParse(code, System.Globalization.CultureInfo.InvariantCulture, out var errcode))
        {
            // A 2xx without errcode is not a robot's answer (a proxy page, a wrong URL): the message may or may not
            // have gone out, and sending it again risks a duplicate, so it is not retried.
            return HttpExchange.Failure(false, $"机器人应答无法识别：{HttpExchange.Excerpt(reply.Body)}", time);
        }

        if (errcode == 0)
        {
            return HttpExchange.Success(null, time);
        }

        var message = JsonField.Find(reply.Body, "errmsg") ?? string.Empty;
        return HttpExchange.Failure(retryableCodes.Contains(errcode), $"机器人拒绝：errcode={errcode} {message}", time);
    }

    /// <summary>A text message body as both robots accept it: <c>{"msgtype":"text","text":{"content":…}}</c>.</summary>
    public static string TextBody(string content)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("msgtype", "text");
            json.WriteStartObject("text");
            json.WriteString("content", content);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Subject and text in one block, cut to <paramref name="maxBytes"/> UTF-8 bytes on a character boundary.</summary>
    public static string Content(AlertMessage message, int maxBytes)
    {
        var full = message.Subject + "\n\n" + message.TextBody;
        if (Encoding.UTF8.GetByteCount(full) <= maxBytes)
        {
            return full;
        }

        const string Cut = "…（内容过长，已截断）";
        var budget = maxBytes - Encoding.UTF8.GetByteCount(Cut);
        var result = new StringBuilder();
        var used = 0;
        foreach (var rune in full.EnumerateRunes())
        {
            used += rune.Utf8SequenceLength;
            if (used > budget)
            {
                break;
            }

            result.Append(rune.ToString());
        }

        return result + Cut;
    }
}
