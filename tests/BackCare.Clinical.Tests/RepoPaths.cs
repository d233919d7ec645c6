namespace BackCare.Clinical.Tests;

/// <summary>
/// Finds the repository root (the folder holding BackCare.slnx) and the test material kept inside it.
/// Tests read nothing outside the repository: external material lives in tests/fixtures/external.
/// </summary>
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

    /// <summary>tests/fixtures: a code's <c>seen_in</c> ("external/...") is relative to this folder.</summary>
    public static string Fixtures => Path.Combine(Root, "tests", "fixtures");

    /// <summary>Copies of test material written by others (see its README.md for sources and licences).</summary>
    public static string External => Path.Combine(Fixtures, "external");
}
