using System.Buffers;
using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Ingest;

/// <summary>
/// A path that DuckDB's read_parquet reads as the one literal file. read_parquet expands *, ? and [...] as a
/// glob (ev[1].parquet would read ev1.parquet), so a path with such characters is read through a symbolic
/// link with a plain name in a temporary folder, which <see cref="Dispose"/> removes.
/// </summary>
internal sealed class LiteralParquetPath : IDisposable
{
    private static readonly SearchValues<char> GlobChars = SearchValues.Create("*?[]{}");

    private readonly string? _folder;

    public LiteralParquetPath(string path)
    {
        // Always a full path: DuckDB also gives a leading ~ or a URL-like prefix a meaning of its own.
        var full = Path.GetFullPath(path);
        if (full.AsSpan().IndexOfAny(GlobChars) < 0)
        {
            Value = full;
            return;
        }

        try
        {
            _folder = Directory.CreateTempSubdirectory("recsys-parquet-").FullName;
            var link = Path.Combine(_folder, "source.parquet");
            if (link.AsSpan().IndexOfAny(GlobChars) >= 0)
            {
                throw new IOException($"the temporary folder {_folder} has glob characters too");
            }

            File.CreateSymbolicLink(link, full);
            Value = link;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            Dispose();
            throw new RecsysException(
                $"{path}: a Parquet source whose path has *, ?, [, ], {{ or }} is read through a link, which failed ({ex.Message}); rename the file.", ex);
        }
    }

    /// <summary>The path to give read_parquet.</summary>
    public string Value { get; } = "";

    public void Dispose()
    {
        if (_folder is null)
        {
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover link in the temporary folder is harmless; failing the run over it would not be.
        }
    }
}
