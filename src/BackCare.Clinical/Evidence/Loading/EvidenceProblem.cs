namespace BackCare.Clinical.Evidence.Loading;

/// <summary>A problem found in the evidence files, with where it is.</summary>
public sealed record EvidenceProblem(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>One evidence file's path (as shown in messages) and its text.</summary>
public sealed record EvidenceFile(string Path, string Content);

/// <summary>The loaded base, or the problems that stopped it loading.</summary>
public sealed record EvidenceLoadResult(EvidenceBase? Base, IReadOnlyList<EvidenceProblem> Problems)
{
    public bool IsValid => Base is not null && Problems.Count == 0;
}
