using System.Globalization;
using System.Text;

namespace RecsysBatch.Core.Files;

/// <summary>
/// Reads a file a user named (pipeline, schedule, model) whole, but only a regular file under a size limit:
/// `modelPath: /dev/zero` or a path to a FIFO would otherwise read forever or until the process runs out of
/// memory, and a directory or an unreadable file would escape as an unexpected exception (exit 3).
/// </summary>
public static class BoundedFile
{
    /// <summary>The file's bytes; a <see cref="RecsysException"/> naming <paramref name="what"/> and the path when it is not a readable regular file of at most <paramref name="maxBytes"/>.</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (Directory.Exists(path))
        {
            throw new RecsysException($"{what} {path} is a directory, not a file.");
        }

        if (!File.Exists(path))
        {
            throw new RecsysException($"{what} {path} does not exist.");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            if (!stream.CanSeek)
            {
                throw NotRegular(path, what);
            }

            // A device such as /dev/zero reports length 0 and never ends: read what the length says, then one more byte.
            var length = stream.Length;
            if (length > maxBytes)
            {
                throw new RecsysException(string.Create(CultureInfo.InvariantCulture, $"{what} {path} is {length:N0} bytes, more than the limit of {maxBytes:N0}."));
            }

            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return stream.ReadByte() == -1 ? bytes : throw NotRegular(path, what);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecsysException($"{what} {path} cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The file as UTF-8 text (a BOM is skipped), under the same checks as <see cref="ReadAllBytes"/>.</summary>
    public static string ReadAllText(string path, long maxBytes, string what)
    {
        var bytes = ReadAllBytes(path, maxBytes, what);
        var preamble = Encoding.UTF8.Preamble;
        var start = bytes.AsSpan().StartsWith(preamble) ? preamble.Length : 0;
        return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }

    private static RecsysException NotRegular(string path, string what) =>
        new($"{what} {path} is not a regular file (a device, pipe or socket cannot be read whole).");
}
