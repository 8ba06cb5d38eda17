using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using MimeKit;
using Monitor.Alerting.Mail;

namespace Monitor.Alerting.Tests.Support;

/// <summary>A mail as a recipient sees it: written to an .eml file, read back by MimeKit, HTML parsed as a browser would.</summary>
internal sealed record ParsedMail(MimeMessage Message, byte[] Bytes, string Text, string Html, IHtmlDocument Document)
{
    public static async Task<ParsedMail> RoundTripAsync(MimeMessage composed)
    {
        var folder = Directory.CreateTempSubdirectory("alerting-tests-");
        try
        {
            var path = Path.Combine(folder.FullName, "mails", "jyj.eml");
            await WarningMailComposer.WriteEmlAsync(composed, path, CancellationToken.None);
            var bytes = await File.ReadAllBytesAsync(path);
            var message = await MimeMessage.LoadAsync(path);
            var text = message.TextBody ?? throw new InvalidOperationException("no text/plain body");
            var html = message.HtmlBody ?? throw new InvalidOperationException("no text/html body");
            return new ParsedMail(message, bytes, text, html, new HtmlParser().ParseDocument(html));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
