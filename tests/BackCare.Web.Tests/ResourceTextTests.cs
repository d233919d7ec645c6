using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace BackCare.Web.Tests;

/// <summary>UI text lives in Resources/SharedResource.resx; every key the pages use must exist there.</summary>
public sealed partial class ResourceTextTests
{
    private static string WebProject
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(dir!.FullName, "BackCare.slnx"))) dir = dir.Parent;
            return Path.Combine(dir.FullName, "src", "BackCare.Web");
        }
    }

    [Fact]
    public void Every_text_key_used_by_a_page_exists_in_the_resource_file()
    {
        var keys = XDocument.Load(Path.Combine(WebProject, "Resources", "SharedResource.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        keys.Count.ShouldBeGreaterThan(150);
        var used = Directory.EnumerateFiles(Path.Combine(WebProject, "Pages"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => Usage().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .ToList();
        used.Count.ShouldBeGreaterThan(150);
        used.Where(u => !keys.Contains(u.Key)).Select(u => $"{u.File}: {u.Key}").ShouldBeEmpty();
    }

    [GeneratedRegex("""(?:\bL|\btext)(?:\[|\.Html\()"([A-Za-z0-9]+)""")]
    private static partial Regex Usage();
}
