using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.IO;
using SmtpServer.Net;
using SmtpServer.Storage;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

namespace Monitor.Alerting.Bench;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 with an OS-chosen port. It keeps only the Message-Id of
/// each message it accepts, so the bench can prove "exactly N, each once" without the receiver parsing whole bodies
/// and competing for the two cores with the sender.
/// </summary>
internal sealed class CountingSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;
    private readonly ConcurrentDictionary<string, int> _messageIds;

    private CountingSmtpServer(
        SmtpServer.SmtpServer server, CancellationTokenSource stop, Task running, ConcurrentDictionary<string, int> messageIds, int port)
    {
        _stop = stop;
        _server = server;
        _running = running;
        _messageIds = messageIds;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Messages accepted (DATA answered 250), repeats included.</summary>
    public int Received => _messageIds.Values.Sum();

    /// <summary>Distinct Message-Ids accepted.</summary>
    public int Distinct => _messageIds.Count;

    public static async Task<CountingSmtpServer> StartAsync()
    {
        var messageIds = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)))
            .Build();

        // Port 0 lets the OS choose; the listener factory reports the port it actually bound.
        var bound = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new NoDelayListenerFactory();
        listeners.EndpointStarted += (_, e) => bound.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);

        var services = new ServiceProvider();
        services.Add(new CountingStore(messageIds));
        services.Add(listeners);
        var server = new SmtpServer.SmtpServer(options, services);
        var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        var port = await bound.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return new CountingSmtpServer(server, stop, running, messageIds, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _server.Shutdown();
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down cancels the accept loop: the expected way out.
        }

        _stop.Dispose();
    }

    /// <summary>
    /// Like the package's own listener, but with Nagle's algorithm off on accepted sockets. Without it the server's
    /// reply lines wait for the client's delayed ACK, about 40 ms per message, and the bench would measure that
    /// timer instead of the sender.
    /// </summary>
    private sealed class NoDelayListenerFactory : EndpointListenerFactory
    {
        public override IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            var args = new EndpointEventArgs(endpointDefinition, listener.LocalEndpoint);
            OnEndpointStarted(args);
            return new NoDelayListener(listener, () => OnEndpointStopped(args));
        }
    }

    private sealed class NoDelayListener(TcpListener listener, Action stopped) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            client.NoDelay = true;
            return new PlainPipe(client);
        }

        public void Dispose()
        {
            listener.Stop();
            stopped();
        }
    }

    /// <summary>A plain-text connection as the server's pipe; the bench offers no STARTTLS, so it is never upgraded.</summary>
    private sealed class PlainPipe(TcpClient client) : ISecurableDuplexPipe
    {
        private readonly NetworkStream _stream = client.GetStream();

        public PipeReader Input => field ??= PipeReader.Create(_stream);

        public PipeWriter Output => field ??= PipeWriter.Create(_stream);

        public bool IsSecure => false;

        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The bench server does not offer TLS.");

        public void Dispose() => client.Dispose();
    }

    private sealed class CountingStore(ConcurrentDictionary<string, int> messageIds) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context,
            IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            // Headers only: enough to identify the message.
            using var stream = new MemoryStream(buffer.ToArray(), writable: false);
            var headers = await HeaderList.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
            var id = headers[HeaderId.MessageId] ?? "(none)";
            messageIds.AddOrUpdate(id, 1, (_, count) => count + 1);
            return SmtpResponse.Ok;
        }
    }
}
