using System.Runtime.CompilerServices;

namespace RecsysBatch.Host.Tests;

/// <summary>Locations in the repository and of the built `recsys` binary, found from the test's output folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string RecsysDll => Path.Combine(AppContext.BaseDirectory, "recsys.dll");

    public static string SampleEvents => Path.Combine(Root, "data", "sample", "events.csv");

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        // Builds may put the binaries outside the tree (RECSYS_ARTIFACTS); the source file's folder is always inside.
        var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile) ?? AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RecsysBatch.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("RecsysBatch.sln not found above " + AppContext.BaseDirectory);
    }
}
