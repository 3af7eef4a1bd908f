using System.Net;
using System.Net.Sockets;

namespace RecsysBatch.Host.Tests;

/// <summary>
/// An HttpClient whose connections come from a chosen loopback address (127.0.0.2, 127.0.0.3, ...; all of 127/8 is
/// loopback on Linux), so tests of per-address limits on one server do not share the 127.0.0.1 count.
/// </summary>
internal static class LoopbackClient
{
    public static HttpClient From(string sourceAddress, string baseUrl)
    {
        var source = IPAddress.Parse(sourceAddress);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }
}
