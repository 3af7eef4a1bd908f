using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace RecsysBatch.Host;

/// <summary>
/// Basic credentials that passed PBKDF2 lately, so a browser (which sends them with every request) does not cost
/// ~0.2 s of CPU per page and asset. Keys are an HMAC of name and password under a key that lives only in this
/// process: neither the password nor a hash of it that could be attacked offline is kept. An entry counts only
/// while the user's configured hash is still the one it was verified against, so a changed hash locks out at once.
/// </summary>
internal sealed class VerifiedLoginCache(TimeSpan lifetime)
{
    // Only verified credentials get in, so the size is bounded by users times passwords; the cap is a backstop.
    private const int PruneAbove = 1024;
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public int Count => entries.Count;

    public bool Contains(string name, string password, string configuredHash, DateTimeOffset now) =>
        entries.TryGetValue(KeyOf(name, password), out var entry)
        && entry.Expires > now
        && string.Equals(entry.ConfiguredHash, configuredHash, StringComparison.Ordinal);

    public void Add(string name, string password, string configuredHash, DateTimeOffset now)
    {
        if (entries.Count >= PruneAbove)
        {
            foreach (var (k, e) in entries)
            {
                if (e.Expires <= now)
                {
                    entries.TryRemove(k, out _);
                }
            }
        }

        entries[KeyOf(name, password)] = new Entry(configuredHash, now + lifetime);
    }

    private string KeyOf(string name, string password)
    {
        // The name's length first, so no name/password split of the same bytes gives the same key.
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var message = new byte[4 + nameBytes.Length + passwordBytes.Length];
        BitConverter.TryWriteBytes(message.AsSpan(0, 4), nameBytes.Length);
        nameBytes.CopyTo(message, 4);
        passwordBytes.CopyTo(message, 4 + nameBytes.Length);
        var mac = HMACSHA256.HashData(key, message);
        CryptographicOperations.ZeroMemory(message);
        CryptographicOperations.ZeroMemory(passwordBytes);
        return Convert.ToBase64String(mac);
    }

    private sealed record Entry(string ConfiguredHash, DateTimeOffset Expires);
}
