using System.Net;
using System.Net.Sockets;

namespace Monitor.Crawler.Fetching;

/// <summary>
/// Keeps crawled content from making us connect to loopback, private, link-local, CGNAT, "this network" or multicast
/// addresses (IPv4, IPv6 and IPv4-mapped IPv6 forms). Enforced where the socket is opened
/// (<see cref="PageFetcher.CreateHandler(AddressGuard)"/>), after DNS resolution, so a name that resolves to a public
/// address when checked and to 127.0.0.1 when connecting (DNS rebinding) is still refused. Hosts on the allow list are
/// trusted whatever they resolve to (the deployment's own portal may live on 127.0.0.1), and
/// <see cref="CrawlerOptions.AllowPrivateAddresses"/> turns the guard off.
/// </summary>
public sealed class AddressGuard
{
    private readonly HostAllowList _trusted;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    /// <param name="trusted">Hosts that may resolve to any address.</param>
    /// <param name="allowPrivateAddresses">True: nothing is refused.</param>
    /// <param name="resolve">DNS lookup (default <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>); tests replace it.</param>
    public AddressGuard(HostAllowList trusted, bool allowPrivateAddresses, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        _trusted = trusted;
        AllowPrivateAddresses = allowPrivateAddresses;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
    }

    /// <summary>The guard is off: private and loopback addresses may be reached.</summary>
    public bool AllowPrivateAddresses { get; }

    /// <summary>
    /// True for addresses a crawled link must not reach: 0.0.0.0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12,
    /// 192.168/16, 224/4 and 240/4 (reserved, broadcast); ::, ::1, fc00::/7, fe80::/10, ff00::/8, and IPv4 ranges in
    /// their IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms.
    /// </summary>
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            return IsForbidden(address.MapToIPv4());
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] is >= 64 and <= 127,
                169 => b[1] == 254,
                172 => b[1] is >= 16 and <= 31,
                192 => b[1] == 168,
                >= 224 => true,
                _ => false,
            };
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            if (IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6None.Equals(address))
                return true;
            if ((b[0] & 0xFE) == 0xFC || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) || b[0] == 0xFF)
                return true;
            // Deprecated IPv4-compatible form ::a.b.c.d.
            if (b[..12].IndexOfAnyExcept((byte)0) < 0)
                return IsForbidden(new IPAddress(b[12..]));
            return false;
        }
        return true;
    }

    /// <summary>True when <paramref name="host"/> (optionally with <paramref name="port"/>) is trusted by the allow list.</summary>
    public bool Trusts(string host, int port) => AllowPrivateAddresses || _trusted.Allows(host, port);

    /// <summary>
    /// Resolves <paramref name="host"/> and returns the addresses a connection may use, in resolver order: all of them for
    /// trusted hosts, the public ones otherwise. Throws <see cref="AddressRefusedException"/> when nothing is left.
    /// </summary>
    public async Task<IPAddress[]> PermittedAddressesAsync(string host, int port, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await _resolve(host, ct).ConfigureAwait(false);
        if (Trusts(host, port))
            return addresses;
        var permitted = addresses.Where(a => !IsForbidden(a)).ToArray();
        if (permitted.Length == 0 || permitted.Length < addresses.Length)
        {
            // A name with any private address is refused as a whole: a mixed answer is a rebinding attempt or a misconfiguration.
            var refused = addresses.First(IsForbidden);
            throw new AddressRefusedException(host, refused);
        }
        return permitted;
    }

    /// <summary>
    /// Before requesting a link off the allowed hosts: the reason it must not be requested (a literal private address, or
    /// a name resolving to one), or null when it may be. A name that does not resolve is left to the request, which then
    /// fails as a network error.
    /// </summary>
    public async Task<string?> RefusalAsync(Uri url, CancellationToken ct)
    {
        if (Trusts(url.IdnHost, url.Port))
            return null;
        try
        {
            await PermittedAddressesAsync(url.IdnHost, url.Port, ct).ConfigureAwait(false);
            return null;
        }
        catch (AddressRefusedException ex)
        {
            return ex.Message;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>A socket handler connect callback that only opens connections to permitted addresses.</summary>
    internal async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = await PermittedAddressesAsync(endpoint.Host, endpoint.Port, ct).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}

/// <summary>A connection refused by <see cref="AddressGuard"/>: the host resolves to a loopback or private address.</summary>
public sealed class AddressRefusedException(string host, IPAddress address)
    : IOException($"目标地址为本机或内网地址，已拒绝连接：{host}（{address}）")
{
    public string Host { get; } = host;

    public IPAddress Address { get; } = address;
}
