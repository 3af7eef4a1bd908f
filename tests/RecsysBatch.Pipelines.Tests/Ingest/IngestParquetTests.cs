using DuckDB.NET.Data;

namespace RecsysBatch.Pipelines.Tests.Ingest;

[TestClass]
public sealed class IngestParquetTests
{
    [TestMethod]
    public void RunAsync_ParquetPathWithGlobCharacters_ReadsThatFileOnly()
    {
        using var folder = new TempFolder();
        var literal = Path.Combine(folder.Path, "ev[1].parquet");
        Write(literal, "('literal', 'i1', 'view', TIMESTAMP '2024-01-02 10:00:00')");
        Write(Path.Combine(folder.Path, "ev1.parquet"), "('glob', 'i1', 'view', TIMESTAMP '2024-01-02 10:00:00')");

        var events = IngestHarness.Run("canonical", literal).Data.Events!;

        IngestHarness.Same(events.Users.Ids, "literal");
    }

    [TestMethod]
    public void RunAsync_ParquetPathWithGlobCharactersAlone_ReadsIt()
    {
        using var folder = new TempFolder();
        var literal = Path.Combine(folder.Path, "ev*.parquet");
        Write(literal, "('star', 'i1', 'view', TIMESTAMP '2024-01-02 10:00:00')");

        var events = IngestHarness.Run("canonical", literal).Data.Events!;

        IngestHarness.Same(events.Users.Ids, "star");
        Assert.AreEqual(1, Directory.GetFiles(folder.Path).Length);
    }

    [TestMethod]
    public void RunAsync_MissingLiteralParquetWhileAGlobMatchExists_FailsAsMissing()
    {
        using var folder = new TempFolder();
        Write(Path.Combine(folder.Path, "ev2.parquet"), "('glob', 'i1', 'view', TIMESTAMP '2024-01-02 10:00:00')");
        var missing = Path.Combine(folder.Path, "ev[2].parquet");

        var error = IngestHarness.Fails("canonical", missing);

        StringAssert.StartsWith(error.Message, $"{missing}: source file not found");
    }

    [TestMethod]
    public void RunAsync_TruncatedParquet_FailsAsNotReadableNamingTheFile()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "events.parquet");
        Write(path, "('u1', 'i1', 'view', TIMESTAMP '2024-01-02 10:00:00')");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = IngestHarness.Fails("canonical", path);

        StringAssert.StartsWith(error.Message, $"{path}: not a readable Parquet file (");
    }

    [TestMethod]
    public void RunAsync_TextFileNamedParquet_FailsWithoutEchoingItsBytes()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.parquet", "user_id,item_id\n\u001b[31m\0\u0007 not parquet at all\n");

        var error = IngestHarness.Fails("canonical", path);

        StringAssert.StartsWith(error.Message, $"{path}: not a readable Parquet file (");
        Assert.IsFalse(error.Message.Any(char.IsControl), error.Message);
    }

    [TestMethod]
    public void RunAsync_ParquetEventFarInTheFuture_RejectedAsFuture()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "events.parquet");
        Write(path, "('u1', 'i1', 'view', TIMESTAMP '2024-01-02 10:00:00'), ('u2', 'i1', 'view', TIMESTAMP '2099-01-02 10:00:00')");

        var context = IngestHarness.Run("canonical", path, options: """{ "maxRejectedShare": 0.5 }""", clock: new DateTime(2024, 1, 5, 0, 0, 0, DateTimeKind.Utc));

        Assert.AreEqual("2 future timestamp", context.Data.Rejected.Select(r => $"{r.LineNumber} {r.Reason}").Single());
        Assert.AreEqual(new DateOnly(2024, 1, 3), context.SnapshotDate);
    }

    [TestMethod]
    public void RunAsync_ParquetIdWithNulOrLineBreak_Rejected()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "events.parquet");
        Write(path, "('u215', 'i1', 'view', TIMESTAMP '2024-01-02 10:00:00'), ('u215' || chr(0) || 'evil', 'i1', 'view', TIMESTAMP '2024-01-02 11:00:00'), " +
            "('u' || chr(10) || 'split0', 'i1', 'view', TIMESTAMP '2024-01-02 12:00:00')");

        var context = IngestHarness.Run("canonical", path, options: """{ "maxRejectedShare": 1 }""");

        IngestHarness.Same(context.Data.Rejected.Select(r => $"{r.LineNumber} {r.Reason}"), "2 control character in user id", "3 control character in user id");
        IngestHarness.Same(context.Data.Events!.Users.Ids, "u215");
        Assert.IsFalse(context.Data.Rejected.Any(r => r.Raw.Any(char.IsControl)));
    }

    private static void Write(string path, string rows)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        // The target name is escaped for the SQL string literal; COPY TO writes the literal name (no glob).
        command.CommandText = $"COPY (SELECT * FROM (VALUES {rows}) t(user_id, item_id, event_type, ts)) TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet)";
        command.ExecuteNonQuery();
    }
}
