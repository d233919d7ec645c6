using System.Reflection;
using BackCare.Clinical.Evidence.Compiled;
using BackCare.Clinical.Evidence.Loading;

namespace BackCare.Clinical.Evidence;

/// <summary>
/// The evidence base compiled into this assembly from <c>data/</c>. Reading a manifest resource
/// is an in-memory read, so the core stays free of file and network I/O.
/// </summary>
/// <remarks>
/// Two resources carry it: the YAML files themselves (the reviewed source, for <c>evidence validate</c>) and the
/// compiled form the build makes from them after validating them (tools/BackCare.EvidenceCompiler; docs/adr/0010),
/// which is what <see cref="Default"/> reads, one kind of content at a time, without a YAML parser.
/// </remarks>
public static class EmbeddedEvidence
{
    private const string Prefix = "evidence/";

    /// <summary>The logical name of the compiled form (BackCare.Clinical.csproj).</summary>
    internal const string CompiledResource = "evidence.compiled";

    private static readonly Lazy<EvidenceBase> Instance = new(LoadCompiled);

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

    /// <summary>Parses and validates the embedded YAML afresh (what <c>evidence validate</c> reports on).</summary>
    public static EvidenceLoadResult Load() => EvidenceLoader.Load(Files());

    /// <summary>The compiled form's bytes, exactly as embedded.</summary>
    internal static byte[] CompiledBytes()
    {
        using var stream = typeof(EmbeddedEvidence).Assembly.GetManifestResourceStream(CompiledResource)
            ?? throw new InvalidOperationException(
                $"BackCare.Clinical was built without its compiled evidence ('{CompiledResource}'); build it with dotnet build");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static EvidenceBase LoadCompiled() => CompiledEvidence.Read(CompiledBytes());

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
