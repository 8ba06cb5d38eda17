using System.Text;
using AngleSharp.Dom;
using Monitor.Crawler.Extraction;

namespace Monitor.Crawler.Tests.Support;

/// <summary>Fixture files (copied next to the test assembly) and DOMs made from them the way the crawler makes them.</summary>
internal static class Fixture
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static string Text(string name) => Encoding.UTF8.GetString(Bytes(name));

    public static Task<IDocument> DocumentAsync(string name, string url, string contentType = "text/html; charset=utf-8") =>
        HtmlLoader.LoadAsync(Bytes(name), new Uri(url), contentType, 200, CancellationToken.None);

    public static Task<IDocument> DocumentAsync(byte[] bytes, string url, string? contentType) =>
        HtmlLoader.LoadAsync(bytes, new Uri(url), contentType, 200, CancellationToken.None);

    /// <summary>GBK bytes of a text (the code pages provider is registered by the crawler's loader, and here for tests that come first).</summary>
    public static byte[] Gbk(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GBK").GetBytes(text);
    }
}
