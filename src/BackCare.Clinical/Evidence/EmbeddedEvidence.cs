using System.Reflection;
using BackCare.Clinical.Evidence.Loading;

namespace BackCare.Clinical.Evidence;

/// <summary>
/// The evidence base compiled into this assembly from <c>data/</c>. Reading a manifest resource
/// is an in-memory read, so the core stays free of file and network I/O.
/// </summary>
public static class EmbeddedEvidence
{
    private const string Prefix = "evidence/";
    private static readonly Lazy<EvidenceBase> Instance = new(LoadValid);

    /// <summary>The validated base; loading problems here are a build defect, not user error.</summary>
    public static EvidenceBase Default => Instance.Value;

    public static IReadOnlyList<EvidenceFile> Files()
    {
        var assembly = typeof(EmbeddedEvidence).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new EvidenceFile("data/" + n[Prefix.Length..].Replace('\\', '/'), Read(assembly, n)))
            .ToList();
    }

    public static EvidenceLoadResult Load() => EvidenceLoader.Load(Files());

    private static EvidenceBase LoadValid()
    {
        var result = Load();
        if (!result.IsValid)
        {
            throw new InvalidOperationException(
                "The embedded evidence base is invalid (run `backcare evidence validate`): " +
                string.Join("; ", result.Problems.Take(5)));
        }

        return result.Base!;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
