using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Monitor.Host.Tests.Alerting;

/// <summary>An HTTP SMS gateway on loopback: records every request body and answers with a JSON receipt carrying an id.</summary>
internal sealed class LoopbackSmsGateway : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private int next;

    public LoopbackSmsGateway()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>Bodies of the requests received, with the Authorization header each carried.</summary>
    public ConcurrentQueue<(string Body, string? Authorization)> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                Requests.Enqueue((await reader.ReadToEndAsync(), context.Request.Headers["Authorization"]));
            }

            var answer = Encoding.UTF8.GetBytes($"{{\"code\":\"0\",\"data\":{{\"id\":\"gw-{Interlocked.Increment(ref next)}\"}}}}");
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = answer.Length;
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
