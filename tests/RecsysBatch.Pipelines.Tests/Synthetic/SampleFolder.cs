namespace RecsysBatch.Pipelines.Tests.Synthetic;

/// <summary>A fresh temporary folder for one generated sample, removed afterwards.</summary>
internal sealed class SampleFolder : IDisposable
{
    public SampleFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "recsys-synthetic-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
