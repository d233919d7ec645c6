using System.Collections.Immutable;

namespace BackCare.Clinical.Evidence;

public sealed record EducationTopic(string Id, string Title, ImmutableArray<Statement> Sections);

public enum MythVerdict
{
    False,
    NotSupported,
    Misleading,
    Unverified,
    Oversimplified,
}

/// <summary>A claim from popular articles, checked against the evidence.</summary>
public sealed record Myth(string Id, string Claim, MythVerdict Verdict, Statement Explanation);
