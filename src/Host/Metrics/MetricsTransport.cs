using System.Net;
using System.Net.Http.Headers;
using System.Text;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core.Exceptions;

namespace Monitor.Host.Metrics;

/// <summary>How one write request ended.</summary>
internal enum WriteOutcome
{
    /// <summary>The server acknowledged every point.</summary>
    Written,

    /// <summary>The server could not be reached or answered 5xx/429/401/403/404: keep the batch and retry later.</summary>
    Unavailable,

    /// <summary>The server refused the batch's content (HTTP 400): retrying cannot help.</summary>
    Rejected,
}

/// <summary>The result of one write request; failures are data, never thrown.</summary>
internal sealed record WriteAttempt(WriteOutcome Outcome, string? Error)
{
    public static WriteAttempt Ok { get; } = new(WriteOutcome.Written, null);
}

/// <summary>
/// Sends one batch of line-protocol points. Two real implementations (InfluxDB.Client's v2 write API and
/// InfluxDB 1.x <c>/write</c>) plus the tests' fakes.
/// </summary>
internal interface IMetricsTransport : IDisposable
{
    Task<WriteAttempt> WriteAsync(IReadOnlyList<string> lines, CancellationToken ct);
}

/// <summary><c>/api/v2/write</c> through InfluxDB.Client (InfluxDB 2.x / 3.x / 1.8+, VictoriaMetrics).</summary>
internal sealed class InfluxV2Transport : IMetricsTransport
{
    private readonly InfluxDBClient client;
    private readonly MetricsOptions options;

    public InfluxV2Transport(MetricsOptions options)
    {
        this.options = options;
        var clientOptions = new InfluxDBClientOptions(options.Url.ToString())
        {
            Org = options.Org,
            Bucket = options.Bucket,
            Timeout = options.Timeout,
        };
        if (options.Token is { } token)
        {
            // The client refuses an empty token; servers without authentication (VictoriaMetrics, a test InfluxDB) need none.
            clientOptions.Token = token.Reveal();
        }

        client = new InfluxDBClient(clientOptions);
    }

    public async Task<WriteAttempt> WriteAsync(IReadOnlyList<string> lines, CancellationToken ct)
    {
        try
        {
            await client.GetWriteApiAsync().WriteRecordsAsync([.. lines], WritePrecision.S, options.Bucket, options.Org, ct).ConfigureAwait(false);
            return WriteAttempt.Ok;
        }
        catch (BadRequestException e)
        {
            return new WriteAttempt(WriteOutcome.Rejected, "HTTP 400: " + e.Message);
        }
        catch (Exception e) when (e is HttpException or HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            return new WriteAttempt(WriteOutcome.Unavailable, e.GetType().Name + ": " + e.Message);
        }
    }

    public void Dispose() => client.Dispose();
}

/// <summary>InfluxDB 1.x <c>POST /write?db=…&amp;precision=s</c>; user and password go in a Basic header, never in the URL.</summary>
internal sealed class InfluxV1Transport : IMetricsTransport
{
    private readonly HttpClient http;
    private readonly Uri endpoint;

    public InfluxV1Transport(MetricsOptions options)
    {
        http = new HttpClient { Timeout = options.Timeout };
        var query = "db=" + Uri.EscapeDataString(options.Database) + "&precision=s"
            + (options.RetentionPolicy is { } rp ? "&rp=" + Uri.EscapeDataString(rp) : "");
        endpoint = new Uri(options.Url, "write?" + query);
        if (options.Username is { } user)
        {
            var raw = Encoding.UTF8.GetBytes(user + ":" + (options.Password?.Reveal() ?? ""));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
        }
    }

    public async Task<WriteAttempt> WriteAsync(IReadOnlyList<string> lines, CancellationToken ct)
    {
        try
        {
            using var content = new StringContent(string.Join('\n', lines), Encoding.UTF8, "text/plain");
            using var response = await http.PostAsync(endpoint, content, ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return WriteAttempt.Ok;
            }

            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            var error = $"HTTP {(int)response.StatusCode}: {body.Trim()}";
            return response.StatusCode == HttpStatusCode.BadRequest
                ? new WriteAttempt(WriteOutcome.Rejected, error)
                : new WriteAttempt(WriteOutcome.Unavailable, error);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            return new WriteAttempt(WriteOutcome.Unavailable, e.GetType().Name + ": " + e.Message);
        }
    }

    public void Dispose() => http.Dispose();
}
