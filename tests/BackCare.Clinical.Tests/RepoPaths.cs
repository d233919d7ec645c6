namespace BackCare.Clinical.Tests;

/// <summary>Finds the repository root and the shared folder beside it (../shared).</summary>
public static class RepoPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BackCare.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("BackCare.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string External => Path.Combine(Shared, "external");
}
