using System.Text.Json;

namespace BackCare.CdsHooks.Tests;

/// <summary>The repository's test material (tests read nothing outside the repository).</summary>
public static class Fixtures
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BackCare.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("BackCare.slnx not found");
        }
    }

    public static string External => Path.Combine(Root, "tests", "fixtures", "external");

    /// <summary>
    /// Most published CDC Rec 11 requests close the prefetch "item1" object one brace too early. Repair by
    /// removing the one closing brace whose removal makes the document parse with the most prefetch entries
    /// (so the items after item1 go back into prefetch); the file itself is never edited.
    /// </summary>
    public static string RepairStrayBrace(string text) => UnwrapLegacyPrefetch(RepairBrace(text));

    /// <summary>
    /// One CDC Rec 11 request sends a prefetch value in the CDS Hooks 1.0 shape {"response": ..., "resource": ...},
    /// which 2.0 does not allow (the HL7 validator rejects it, and so does BackCare: 400). Unwrapped to the resource.
    /// </summary>
    public static string UnwrapLegacyPrefetch(string text)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
        if (root["prefetch"] is not System.Text.Json.Nodes.JsonObject prefetch) return text;
        foreach (var (key, value) in prefetch.ToList())
        {
            if (value is System.Text.Json.Nodes.JsonObject o && o["resourceType"] is null && o["resource"] is { } resource) prefetch[key] = resource.DeepClone();
        }

        return root.ToJsonString();
    }

    private static string RepairBrace(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return text;
        }
        catch (JsonException)
        {
            string? best = null;
            var bestCount = -1;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] != '}') continue;
                var candidate = text.Remove(i, 1);
                try
                {
                    using var doc = JsonDocument.Parse(candidate);
                    var count = doc.RootElement.TryGetProperty("prefetch", out var p) && p.ValueKind == JsonValueKind.Object
                        ? p.EnumerateObject().Count(e => e.Value.ValueKind == JsonValueKind.Null || (e.Value.ValueKind == JsonValueKind.Object && e.Value.TryGetProperty("resourceType", out _)))
                        : 0;
                    if (count > bestCount)
                    {
                        best = candidate;
                        bestCount = count;
                    }
                }
                catch (JsonException)
                {
                }
            }

            return best ?? throw new JsonException("no single brace repairs this document");
        }
    }
}
