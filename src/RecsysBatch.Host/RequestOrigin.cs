using System.Net;
using Microsoft.AspNetCore.Http;

namespace RecsysBatch.Host;

/// <summary>
/// Whether a request comes from this machine itself. A reverse proxy on the same machine makes every request arrive
/// from loopback, so any request carrying a forwarding header counts as remote, whatever its peer address.
/// </summary>
internal static class RequestOrigin
{
    private static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "Forwarded", "X-Real-IP"];

    public static bool IsLocal(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return false;
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        return IPAddress.IsLoopback(remote) && !ForwardingHeaders.Any(context.Request.Headers.ContainsKey);
    }
}
