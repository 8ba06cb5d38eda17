using System.Globalization;
using System.Text;

namespace Monitor.Host.Reports;

/// <summary>
/// How many terminal columns text takes: East Asian wide and fullwidth characters (汉字, fullwidth
/// punctuation such as （）：) take two, combining marks and controls none, everything else one.
/// Ambiguous-width characters (“ ” — …) count as one, as in a UTF-8 terminal with a Chinese font.
/// </summary>
internal static class TerminalWidth
{
    public static int Of(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += Of(rune);
        }

        return width;
    }

    public static int Of(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format or UnicodeCategory.Control)
        {
            return 0;
        }

        return IsWide(rune.Value) ? 2 : 1;
    }

    /// <summary>Pads on the right to <paramref name="width"/> columns (left-aligned text).</summary>
    public static string PadRight(string text, int width) => text + new string(' ', Math.Max(0, width - Of(text)));

    /// <summary>Pads on the left to <paramref name="width"/> columns (right-aligned numbers).</summary>
    public static string PadLeft(string text, int width) => new string(' ', Math.Max(0, width - Of(text))) + text;

    // Wide (W) and fullwidth (F) ranges of Unicode's EastAsianWidth.txt, condensed to the blocks
    // that occur in Chinese text and common symbols.
    private static bool IsWide(int c) =>
        c is (>= 0x1100 and <= 0x115F)
        or (>= 0x2E80 and <= 0x303E)
        or (>= 0x3041 and <= 0x33FF)
        or (>= 0x3400 and <= 0x4DBF)
        or (>= 0x4E00 and <= 0x9FFF)
        or (>= 0xA000 and <= 0xA4CF)
        or (>= 0xAC00 and <= 0xD7A3)
        or (>= 0xF900 and <= 0xFAFF)
        or (>= 0xFE10 and <= 0xFE19)
        or (>= 0xFE30 and <= 0xFE6F)
        or (>= 0xFF00 and <= 0xFF60)
        or (>= 0xFFE0 and <= 0xFFE6)
        or (>= 0x1F300 and <= 0x1F64F)
        or (>= 0x1F900 and <= 0x1F9FF)
        or (>= 0x20000 and <= 0x2FFFD)
        or (>= 0x30000 and <= 0x3FFFD);
}
