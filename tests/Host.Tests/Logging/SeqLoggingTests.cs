using System.Net;
using System.Text;
using System.Text.Json;
using Monitor.Host.Logging;
using Monitor.Host.Metrics;
using Monitor.Host.Tests.Support;
using Serilog;

namespace Monitor.Host.Tests.Logging;

/// <summary>
/// Serilog.Sinks.Seq's posts, captured by a loopback listener standing in for Seq, carry the expected
/// events; and no configured password, token or API key appears in any log (Seq bodies, the rolling file),
/// however it is logged: destructured options, an interpolated message, an exception text, a server error.
/// </summary>
public sealed class SeqLoggingTests : IDisposable
{
    private const string ApiKey = "seq-KEY-7f3a91";
    private const string Token = "influx-TOKEN-c0ffee-5150";
    private const string Password = "pass-W0RD-e7e7";
    private readonly TempFolder folder = new();

    [Fact]
    public async Task Seq_receives_the_expected_events_and_no_secret_appears_in_any_log()
    {
        using var seq = new SeqCapture();
        var options = LoggingOptions.Default with
        {
            SeqUrl = seq.Url,
            SeqApiKey = new Secret(ApiKey),
            SeqPeriod = TimeSpan.FromMilliseconds(100),
            File = Path.Combine(folder.Path, "logs", "monitor-.log"),
        };
        var metrics = new MetricsOptions
        {
            Mode = MetricsMode.V2,
            Url = new Uri($"http://127.0.0.1:{Metrics.TestServers.ClosedPort()}/"),
            Token = new Secret(Token),
            Password = new Secret(Password),
            Timeout = TimeSpan.FromSeconds(2),
        };

        using (var logging = LogPipeline.Create(options, Path.Combine(folder.Path, "unused"), metrics.Secrets))
        {
            var log = logging.Logger;
            log.Information("Scan of {SiteId} finished with {Findings} findings", "sample", 15);
            log.Information("Metrics configured: {@Options}", metrics);
            log.Warning("Careless interpolation: token=" + Token + " password=" + Password);
            log.Error(new InvalidOperationException($"server said: bad token {Token}"), "Write failed for {Url}", "http://u:" + Password + "@influx/");
            // A real writer against a closed port logs its outage through the same pipeline.
            using var writer = MetricsWriter.Create(metrics, folder.Path, log);
            var report = await writer.WriteLinesAsync(["score,site=s score=1 1790000000"], CancellationToken.None);
            Assert.NotNull(report.Error);
        }

        var events = await seq.EventsAsync(minimum: 5);
        var templates = events.Select(e => e.GetProperty("@mt").GetString()).ToList();
        Assert.Contains("Scan of {SiteId} finished with {Findings} findings", templates);
        Assert.Contains("Metrics server {Url} unavailable, {Pending} points wait in {Folder}: {Error}", templates);
        var scan = events.Single(e => e.GetProperty("@mt").GetString()!.StartsWith("Scan of", StringComparison.Ordinal));
        Assert.Equal("sample", scan.GetProperty("SiteId").GetString());
        Assert.Equal(15, scan.GetProperty("Findings").GetInt32());
        Assert.False(scan.TryGetProperty("@l", out _)); // Information carries no level in CLEF.
        Assert.Equal("Warning", events.Single(e => e.GetProperty("@mt").GetString()!.StartsWith("Careless", StringComparison.Ordinal)).GetProperty("@l").GetString());
        Assert.All(seq.ApiKeys, k => Assert.Equal(ApiKey, k));

        var file = Directory.GetFiles(Path.Combine(folder.Path, "logs")).Single();
        var logs = new[] { seq.Bodies, await File.ReadAllTextAsync(file) };
        foreach (var text in logs)
        {
            Assert.Contains(Secret.Mask, text, StringComparison.Ordinal);
            foreach (var secret in new[] { ApiKey, Token, Password })
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_secret_prints_as_its_mask()
    {
        var secret = new Secret(Token);
        Assert.Equal(Secret.Mask, secret.ToString());
        Assert.Equal(Secret.Mask, $"{secret}");
        Assert.DoesNotContain(Token, new MetricsOptions { Mode = MetricsMode.V2, Url = new Uri("http://x/"), Token = secret }.ToString(), StringComparison.Ordinal);
        Assert.Equal(Token, secret.Reveal());
    }

    public void Dispose() => folder.Dispose();

    /// <summary>A loopback stand-in for Seq: answers 201 on <c>/api/events/raw</c> and <c>/ingest/clef</c>, keeps every body.</summary>
    private sealed class SeqCapture : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly List<string> bodies = [];
        private readonly List<string> keys = [];
        private readonly Task loop;

        public SeqCapture()
        {
            var port = Metrics.TestServers.ClosedPort();
            Url = new Uri($"http://127.0.0.1:{port}/");
            listener.Prefixes.Add(Url.ToString());
            listener.Start();
            loop = Task.Run(ServeAsync);
        }

        public Uri Url { get; }

        public string Bodies
        {
            get
            {
                lock (bodies)
                {
                    return string.Join("\n", bodies);
                }
            }
        }

        public IReadOnlyList<string> ApiKeys
        {
            get
            {
                lock (bodies)
                {
                    return [.. keys];
                }
            }
        }

        public async Task<List<JsonElement>> EventsAsync(int minimum)
        {
            for (var i = 0; i < 100; i++)
            {
                var events = Bodies.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
                if (events.Count >= minimum)
                {
                    return events;
                }

                await Task.Delay(100);
            }

            Assert.Fail($"Seq received fewer than {minimum} events:\n{Bodies}");
            return [];
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var path = context.Request.Url!.AbsolutePath;
                lock (bodies)
                {
                    if (path is "/api/events/raw" or "/ingest/clef")
                    {
                        bodies.Add(body);
                        keys.Add(context.Request.Headers["X-Seq-ApiKey"] ?? "");
                    }
                }

                context.Response.StatusCode = path is "/api/events/raw" or "/ingest/clef" ? 201 : 404;
                var answer = Encoding.UTF8.GetBytes("{\"MinimumLevelAccepted\":null}");
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(answer);
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            listener.Stop();
            listener.Close();
            loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
