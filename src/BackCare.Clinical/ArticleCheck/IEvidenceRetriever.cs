using System.Collections.Immutable;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.ArticleCheck;

/// <summary>
/// Finds claim-level statements related to a sentence by its words (BM25 full-text search lives outside the core,
/// in BackCare.App). The verdict never rests on this ranking: only statements whose subject and outcome match the
/// claim's frame are compared. Related statements are shown with claims nothing in the base backs.
/// </summary>
public interface IEvidenceRetriever
{
    ImmutableArray<EvidenceClaim> Related(string sentence, int max);
}

/// <summary>No full-text retrieval: only the structured lookup by subject and outcome.</summary>
public sealed class NoRetrieval : IEvidenceRetriever
{
    public static readonly NoRetrieval Instance = new();

    public ImmutableArray<EvidenceClaim> Related(string sentence, int max) => [];
}
