using System.Diagnostics;

namespace RecsysBatch.Tests;

/// <summary>How tests start the real `recsys` binary: `dotnet recsys.dll ARGS` in a folder, output captured, no colours.</summary>
internal static class RecsysStartInfo
{
    public static ProcessStartInfo For(string workingDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepoPaths.RecsysDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["NO_COLOR"] = "1";
        return info;
    }
}
