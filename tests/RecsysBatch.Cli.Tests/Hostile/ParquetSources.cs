using DuckDB.NET.Data;

namespace RecsysBatch.Cli.Tests.Hostile;

/// <summary>Parquet sources for the hostile corpus, written with DuckDB from canonical CSV text.</summary>
internal static class ParquetSources
{
    /// <summary>Writes <paramref name="csv"/> (canonical, with header) as Parquet at <paramref name="path"/>, plus the rows of <paramref name="extraSql"/> when given.</summary>
    public static string Write(string path, string csv, string? extraSql = null)
    {
        var csvPath = path + ".source.csv";
        File.WriteAllText(csvPath, csv);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        var rows = $"SELECT * FROM read_csv('{csvPath}', header = true, all_varchar = true)" + (extraSql is null ? "" : " UNION ALL " + extraSql);
        command.CommandText = $"COPY ({rows}) TO '{path}' (FORMAT parquet, COMPRESSION uncompressed)";
        command.ExecuteNonQuery();
        File.Delete(csvPath);
        return path;
    }

    /// <summary>A valid Parquet file cut to half its length, as a crashed copy leaves it.</summary>
    public static string Truncated(string folder)
    {
        var path = Write(Path.Combine(folder, "truncated.parquet"), HostileCorpus.Header + HostileCorpus.GoodLines(0, 80));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        return path;
    }

    /// <summary>`ev1.parquet` exists; the source names `ev[1].parquet`, which DuckDB would read as a glob matching it.</summary>
    public static string GlobLookalike(string folder)
    {
        Write(Path.Combine(folder, "ev1.parquet"), HostileCorpus.Header + HostileCorpus.GoodLines(0, 80));
        return Path.Combine(folder, "ev[1].parquet");
    }
}
