namespace Monitor.Alerting.Tests;

public sealed class SafeHtmlTests
{
    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData(" javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("/relative/page.html")]
    [InlineData("ftp://example.gov.cn/file.pdf")]
    public void A_url_that_is_not_http_or_https_is_shown_as_text_not_as_a_link(string url)
    {
        var html = SafeHtml.Link(url);

        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quote_in_an_http_url_cannot_close_the_attribute()
    {
        var html = SafeHtml.Link("https://example.gov.cn/a\"onmouseover=\"alert(1)");

        Assert.StartsWith("<a href=\"https://example.gov.cn/a%22onmouseover=%22alert(1)\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"onmouseover", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_is_encoded_and_control_characters_are_dropped()
    {
        Assert.Equal("&lt;b&gt;x&amp;y&lt;/b&gt;", SafeHtml.Text("<b>x&\0y</b>"));
        Assert.Equal(string.Empty, SafeHtml.Text(null));
    }
}
