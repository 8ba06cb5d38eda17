using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Storage;
using SmtpReplyCode = SmtpServer.Protocol.SmtpReplyCode;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

namespace Monitor.Alerting.Tests.Channels;

/// <summary>How the in-process SMTP server behaves.</summary>
internal sealed record SmtpLoopbackSettings
{
    /// <summary>Require AUTH with this user and password; null: no authentication.</summary>
    public (string User, string Password)? Credentials { get; init; }

    /// <summary>Offer STARTTLS (or, with <see cref="TlsOnConnect"/>, TLS from the first byte) with this certificate.</summary>
    public X509Certificate2? Certificate { get; init; }

    public bool TlsOnConnect { get; init; }

    /// <summary>Refuse every recipient (RCPT TO answered 550).</summary>
    public bool RejectRecipients { get; init; }

    /// <summary>Answer DATA with this code instead of 250 (e.g. 451 for a transient local error).</summary>
    public int? DataReplyCode { get; init; }
}

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1, collecting what it receives as MIME messages
/// parsed by MimeKit, so tests see mail the way a receiving system does.
/// </summary>
internal sealed class SmtpLoopback : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;
    private readonly ConcurrentQueue<MimeMessage> _messages;

    private SmtpLoopback(int port, SmtpServer.SmtpServer server, ConcurrentQueue<MimeMessage> messages, ConcurrentQueue<string> logins)
    {
        Port = port;
        _server = server;
        _messages = messages;
        Logins = logins;
        _running = server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Messages => [.. _messages];

    /// <summary>"user:password" of each successful AUTH.</summary>
    public ConcurrentQueue<string> Logins { get; }

    public static async Task<SmtpLoopback> StartAsync(SmtpLoopbackSettings settings, int? port = null)
    {
        var chosen = port ?? FreePort();
        var messages = new ConcurrentQueue<MimeMessage>();
        var logins = new ConcurrentQueue<string>();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, chosen));
                if (settings.Credentials is not null)
                    endpoint.AuthenticationRequired().AllowUnsecureAuthentication();
                if (settings.Certificate is { } certificate)
                    endpoint.Certificate(certificate).IsSecure(settings.TlsOnConnect);
            })
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new CollectingStore(messages, settings.DataReplyCode));
        services.Add(new RecipientFilter(settings.RejectRecipients));
        if (settings.Credentials is { } expected)
        {
            services.Add(new DelegatingUserAuthenticator((user, password) =>
            {
                var ok = user == expected.User && password == expected.Password;
                if (ok)
                    logins.Enqueue(user + ":" + password);
                return ok;
            }));
        }

        var loopback = new SmtpLoopback(chosen, new SmtpServer.SmtpServer(options, services), messages, logins);
        await WaitUntilListeningAsync(chosen);
        return loopback;
    }

    /// <summary>A port nothing listens on right now (the OS's next ephemeral port).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>A self-signed certificate for "localhost" with its private key, usable by SslStream on Linux.</summary>
    public static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var created = request.CreateSelfSigned(now, now.AddYears(5));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _server.Shutdown();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static async Task WaitUntilListeningAsync(int port)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }

        throw new InvalidOperationException($"SMTP loopback server did not start on port {port}.");
    }

    private sealed class CollectingStore(ConcurrentQueue<MimeMessage> messages, int? replyCode) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context,
            IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            if (replyCode is { } code)
                return new SmtpResponse((SmtpReplyCode)code, "try again later");
            await using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }

    private sealed class RecipientFilter(bool reject) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!reject);
    }
}
