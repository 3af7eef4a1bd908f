namespace RecsysBatch.Pipelines.Tests.Ingest;

/// <summary>A fresh folder for one test's input files, deleted on dispose.</summary>
internal sealed class IngestFolder : IDisposable
{
    public IngestFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "recsys-ingest-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no BOM) and returns the file's absolute path.</summary>
    public string Write(string name, string text)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
