namespace BackCare.Clinical.Tests;

/// <summary>
/// Crisis, emergency and urgent wording lives once, in data/care-plan.yaml (safetyMessages); the CLI, web pages,
/// PDF and plan fill in the numbers at the edge (issue 12). A second copy anywhere outside tests fails here.
/// </summary>
public sealed class SafetyWordingIsWrittenOnceTests
{
    public static TheoryData<string> Phrases() =>
    [
        "That matters more than your back pain",
        "might act on these thoughts",
        "talk to someone the same day",
        "Same-day advice:",
        "Emergency number:",
    ];

    [Theory]
    [MemberData(nameof(Phrases))]
    public void The_phrase_appears_once_outside_tests(string phrase)
    {
        var root = RepoPaths.Root;
        var hits = new List<string>();
        var scanned = 0;
        foreach (var folder in new[] { "src", "data" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)) continue;
                if (Path.GetExtension(file) is not (".cs" or ".cshtml" or ".resx" or ".yaml" or ".json" or ".js")) continue;
                scanned++;
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    if (lines[i].Contains(phrase, StringComparison.OrdinalIgnoreCase)) hits.Add($"{relative}:{i + 1}");
                }
            }
        }

        scanned.ShouldBeGreaterThan(100);
        hits.ShouldHaveSingleItem($"'{phrase}' should be written once, in data/care-plan.yaml");
        hits[0].ShouldStartWith("data/care-plan.yaml:");
    }
}
