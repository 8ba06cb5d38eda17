using System.Text;

namespace Monitor.Alerting.Messages;

/// <summary>
/// SMS length arithmetic. Chinese text travels as UCS-2: one segment holds 70 characters; a longer message is
/// split into concatenated segments of 67 characters each (3 go to the concatenation header). Characters
/// outside the BMP count twice, as they do on the wire. We keep alerts within two segments (134 characters).
/// </summary>
public static class SmsText
{
    /// <summary>Characters in a single-segment message.</summary>
    public const int SingleSegment = 70;

    /// <summary>Characters per segment of a concatenated message.</summary>
    public const int ConcatenatedSegment = 67;

    /// <summary>The longest message we send: two concatenated segments.</summary>
    public const int MaxLength = 2 * ConcatenatedSegment;

    /// <summary>Segments a message needs (0 for empty).</summary>
    public static int Segments(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length switch
        {
            0 => 0,
            <= SingleSegment => 1,
            _ => (text.Length + ConcatenatedSegment - 1) / ConcatenatedSegment,
        };
    }

    /// <summary>
    /// Builds <c>head + middle + tail</c> within <paramref name="max"/> characters. The head (level, unit) and the
    /// tail (due date, what to do) carry the action, so only the middle (item name and finding text, the
    /// crawled part) is shortened, ending in "…"; if even head and tail do not fit, the whole is cut.
    /// </summary>
    public static string Fit(string head, string middle, string tail, int max = MaxLength)
    {
        head = OneLine(head);
        middle = OneLine(middle);
        tail = OneLine(tail);
        var room = max - head.Length - tail.Length;
        if (middle.Length <= room)
        {
            return head + middle + tail;
        }

        if (room >= 2)
        {
            return head + Cut(middle, room - 1) + "…" + tail;
        }

        var whole = head + tail;
        return whole.Length <= max ? whole : Cut(whole, max - 1) + "…";
    }

    /// <summary>SMS has no markup but must stay one line: control characters become spaces, runs collapse.</summary>
    internal static string OneLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var line = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                space = line.Length > 0;
                continue;
            }

            if (space)
            {
                line.Append(' ');
                space = false;
            }

            line.Append(c);
        }

        return line.ToString();
    }

    // Never split a surrogate pair: a lone half renders as garbage on the handset.
    private static string Cut(string text, int length)
    {
        if (length <= 0)
        {
            return string.Empty;
        }

        return char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];
    }
}
