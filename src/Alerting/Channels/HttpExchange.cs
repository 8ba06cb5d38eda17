using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Monitor.Alerting.Channels;

/// <summary>What an HTTP endpoint answered: the status code and the body as text.</summary>
internal sealed record HttpReply(HttpStatusCode Status, string Body)
{
    public bool IsSuccess => (int)Status is >= 200 and <= 299;
}

/// <summary>One HTTP attempt: either a reply (any status) or a failure that never reached a reply.</summary>
internal sealed record HttpOutcome(HttpReply? Reply, DeliveryResult? Failure);

/// <summary>
/// The HTTP round trip every web channel shares, with one rule for what a failure means: no reply at all
/// (timeout, refused, reset, DNS) may succeed later and is retryable; a reply is judged by the caller.
/// Cancellation by the caller passes through; everything else becomes data, never an exception.
/// </summary>
internal static class HttpExchange
{
    /// <summary>Answers are read up to this many characters: robots and gateways answer in a few hundred.</summary>
    private const int MaxBodyChars = 64 * 1024;

    public static async Task<HttpOutcome> SendAsync(
        HttpClient http,
        Func<HttpRequestMessage> createRequest,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            using var request = createRequest();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var body = await ReadBoundedAsync(response.Content, linked.Token).ConfigureAwait(false);
            return new HttpOutcome(new HttpReply(response.StatusCode, body), null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Our timer or HttpClient.Timeout: the request may never have arrived, so try again later.
            return new HttpOutcome(null, Failure(true, $"请求超时（{timeout.TotalSeconds:0.#} 秒）", time));
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException is SocketException socket ? $"{socket.SocketErrorCode}" : ex.HttpRequestError.ToString();
            return new HttpOutcome(null, Failure(true, $"网络错误：{reason}：{ex.Message}", time));
        }
        catch (IOException ex)
        {
            return new HttpOutcome(null, Failure(true, $"网络错误：{ex.Message}", time));
        }
    }

    /// <summary>The body as text, at most <see cref="MaxBodyChars"/> characters, so a misbehaving endpoint cannot flood memory.</summary>
    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken ct)
    {
        var encoding = content.Headers.ContentType?.CharSet is { } charset && TryEncoding(charset) is { } named ? named : Encoding.UTF8;
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var reader = new StreamReader(stream, encoding);
        var buffer = new char[MaxBodyChars];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await reader.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return new string(buffer, 0, read);
    }

    private static Encoding? TryEncoding(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// A reply that is not 2xx: server errors, 408 and 429 may pass later (retryable); any other 4xx is a
    /// refusal of this request (bad key, bad signature, bad number) that repeating cannot fix.
    /// </summary>
    public static DeliveryResult ForStatus(HttpReply reply, TimeProvider time)
    {
        var code = (int)reply.Status;
        var retryable = code >= 500 || code is 408 or 429;
        return Failure(retryable, $"HTTP {code}：{Excerpt(reply.Body)}", time);
    }

    public static DeliveryResult Failure(bool retryable, string error, TimeProvider time) =>
        new(false, retryable, null, error, time.GetUtcNow());

    public static DeliveryResult Success(string? providerId, TimeProvider time) =>
        new(true, false, providerId, null, time.GetUtcNow());

    /// <summary>The start of an answer for an error message, on one line.</summary>
    public static string Excerpt(string body)
    {
        var line = body.ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
