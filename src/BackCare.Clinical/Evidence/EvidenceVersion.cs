using System.Security.Cryptography;
using System.Text;
using BackCare.Clinical.Evidence.Loading;

namespace BackCare.Clinical.Evidence;

/// <summary>
/// Which evidence base produced an output: a digest of every evidence file's path and content, so any change
/// to any rule, sentence or citation gives a new version. Stored with each plan snapshot.
/// </summary>
public sealed record EvidenceVersion(string Value)
{
    public static EvidenceVersion Of(IEnumerable<EvidenceFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.Path));
            hash.AppendData([0]);
            hash.AppendData(Encoding.UTF8.GetBytes(file.Content.ReplaceLineEndings("\n")));
            hash.AppendData([0]);
        }

        return new EvidenceVersion("sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset())[..16]);
    }

    /// <summary>The version of the evidence base compiled into this build.</summary>
    public static EvidenceVersion Embedded() => Of(EmbeddedEvidence.Files());

    public override string ToString() => Value;
}
