using Monitor.Host.Reports;

namespace Monitor.Host.Tests.Reports;

public sealed class TerminalWidthTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("abc", 3)]
    [InlineData("88.5", 4)]
    [InlineData("市教育局", 8)]
    [InlineData("（合计）", 8)]
    [InlineData("ABC测试", 7)]
    [InlineData("Ａ１", 4)]
    [InlineData("e\u0301", 1)]
    [InlineData("—", 1)]
    [InlineData("𠀀", 2)]
    public void Counts_terminal_columns_with_cjk_as_two(string text, int width)
    {
        Assert.Equal(width, TerminalWidth.Of(text));
    }

    [Fact]
    public void Padding_fills_up_to_the_display_width()
    {
        Assert.Equal("市教育局  ", TerminalWidth.PadRight("市教育局", 10));
        Assert.Equal("  88", TerminalWidth.PadLeft("88", 4));
        Assert.Equal("市人民政府办公室", TerminalWidth.PadRight("市人民政府办公室", 4));
    }
}
