using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RecsysBatch.Host;

/// <summary>
/// Failed logins per client address in a fixed window: once an address has <c>max</c> failures, its further logins
/// are refused (429) until the window ends, without running PBKDF2, so guessing passwords or burning the server's CPU
/// costs the client time, not the server. The address is the TCP peer's, never a forwarding header a client can
/// forge; behind a reverse proxy every client shares the proxy's address (README "Serve").
/// </summary>
internal sealed class FailedLoginLimiter(int max, TimeSpan window)
{
    // Addresses that failed once and went away are dropped when the table grows, so many addresses cannot fill memory.
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, Window> windows = new(StringComparer.Ordinal);

    public int Max => max;

    public TimeSpan WindowLength => window;

    /// <summary>How long <paramref name="client"/> must wait before its next login is tried; null when it may try now.</summary>
    public TimeSpan? RetryAfter(string client, DateTimeOffset now)
    {
        if (!windows.TryGetValue(client, out var current))
        {
            return null;
        }

        lock (current)
        {
            var end = current.Start + window;
            return current.Failures >= max && end > now ? end - now : null;
        }
    }

    /// <summary>Counts a failure; true when it is the one that reaches the limit (worth one log line).</summary>
    public bool RecordFailure(string client, DateTimeOffset now)
    {
        if (windows.Count >= PruneAbove)
        {
            Prune(now);
        }

        var current = windows.GetOrAdd(client, _ => new Window { Start = now });
        lock (current)
        {
            if (current.Start + window <= now)
            {
                current.Start = now;
                current.Failures = 0;
            }

            current.Failures++;
            return current.Failures == max;
        }
    }

    /// <summary>
    /// The key of a peer address: IPv4 (also when mapped into IPv6) as is, IPv6 by its /64, since one host usually
    /// holds a whole /64 and could otherwise take a fresh address for every few guesses.
    /// </summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (client, current) in windows)
        {
            lock (current)
            {
                if (current.Start + window <= now)
                {
                    windows.TryRemove(client, out _);
                }
            }
        }
    }

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; }

        public int Failures { get; set; }
    }
}
