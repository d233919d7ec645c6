using System.Collections.Immutable;

namespace BackCare.Clinical.Evidence;

public enum InterventionKind
{
    NonDrug,
    Drug,
}

public enum Direction
{
    For,
    ConditionalFor,
    Against,
    ConditionalAgainst,
    NoRecommendation,
    InsufficientEvidence,
}

/// <summary>Duration of back pain: acute &lt; 4 weeks, subacute 4-12, chronic &gt; 12 (ACP 2017).</summary>
public enum Population
{
    Acute,
    Subacute,
    Chronic,
}

public enum Certainty
{
    High,
    Moderate,
    Low,
    VeryLow,
    NotGraded,
    Unverified,
}

/// <summary>What one guideline (or trial) says about an intervention.</summary>
public sealed record Recommendation(
    string Guideline,
    Direction Direction,
    ImmutableArray<Population> Populations,
    string Condition,
    Certainty Certainty,
    Statement Statement);

/// <summary>A treatment option, drug or non-drug, with each guideline's position.</summary>
public sealed record Intervention(
    string Id,
    string Name,
    InterventionKind Kind,
    ImmutableArray<string> DrugClasses,
    ImmutableArray<string> Drugs,
    Statement Summary,
    ImmutableArray<Recommendation> Recommendations);
