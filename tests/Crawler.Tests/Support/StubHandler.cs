using System.Net;
using System.Net.Http.Headers;

namespace Monitor.Crawler.Tests.Support;

/// <summary>Serves a <see cref="TestSite"/> without a network: every request is answered in-process.</summary>
internal sealed class StubHandler(TestSite site) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.Content is not null)
        {
            var body = await request.Content.ReadAsStringAsync(cancellationToken);
            foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split('=', 2);
                form[WebUtility.UrlDecode(parts[0])] = parts.Length > 1 ? WebUtility.UrlDecode(parts[1]) : "";
            }
        }
        var url = request.RequestUri!;
        var (answer, inFlight) = site.Answer(new SiteRequest(
            request.Method.Method, url.AbsolutePath, url.Query, form, request.Headers.Referrer?.AbsoluteUri,
            request.Headers.UserAgent.ToString()));
        using (inFlight)
        {
            if (answer.Hang)
                await Task.Delay(Timeout.Infinite, cancellationToken);
            if (answer.Delay > TimeSpan.Zero)
                await Task.Delay(answer.Delay, cancellationToken);
        }
        var response = new HttpResponseMessage((HttpStatusCode)answer.Status)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(request.Method == HttpMethod.Head ? [] : answer.Body),
        };
        if (answer.ContentType is not null)
            response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(answer.ContentType);
        if (answer.Location is not null)
            response.Headers.Location = new Uri(answer.Location, UriKind.RelativeOrAbsolute);
        return response;
    }
}
