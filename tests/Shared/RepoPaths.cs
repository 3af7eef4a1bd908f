using System.Runtime.CompilerServices;

namespace RecsysBatch.Tests;

/// <summary>
/// Locations in the repository and of the built `recsys` binary. The root is found from this source file's folder,
/// which is always inside the tree, while builds may put the binaries outside it (RECSYS_ARTIFACTS).
/// </summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The CLI next to the test assembly (test projects that reference RecsysBatch.Cli).</summary>
    public static string RecsysDll => Path.Combine(AppContext.BaseDirectory, "recsys.dll");

    public static string Schema => Path.Combine(Root, "pipelines", "pipeline.schema.json");

    public static string SampleEvents => Path.Combine(Root, "data", "sample", "events.csv");

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile) ?? AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RecsysBatch.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("RecsysBatch.sln not found above " + AppContext.BaseDirectory);
    }
}
