using System.Collections.Immutable;

namespace BackCare.Clinical.Evidence;

/// <summary>What a claim is about (public interface: extend, never rename).</summary>
public enum ClaimSubjectKind
{
    /// <summary>One medicine (<see cref="Drug.Id"/>).</summary>
    Drug,

    /// <summary>A group of medicines (<see cref="DrugClass.Id"/>).</summary>
    Class,

    /// <summary>A treatment option (<see cref="Intervention.Id"/>).</summary>
    Intervention,

    /// <summary>A factor or condition that is not a treatment (<see cref="ClaimTopic.Id"/>): posture, bed rest, scans, sleep ...</summary>
    Topic,
}

/// <summary>What a claim says is affected (public interface: extend, never rename).</summary>
public enum ClaimOutcome
{
    BackPain,
    MuscleSpasm,
    Sleep,
    Anxiety,
    Recovery,
    Prevention,
    Diagnosis,
    Inflammation,
    Dependence,
}

/// <summary>Which way a claim goes (public interface: extend, never rename).</summary>
public enum ClaimDirection
{
    /// <summary>Relieves, improves, works for.</summary>
    Helps,

    /// <summary>Makes worse.</summary>
    Harms,

    /// <summary>Does not work, no better than placebo, does not cause.</summary>
    NoEffect,

    /// <summary>Brings about (a condition, dependence).</summary>
    Causes,

    /// <summary>Evidence only: the studies disagree or are too weak to say either way.</summary>
    Uncertain,
}

/// <summary>How firmly the evidence supports a claim-level statement.</summary>
public enum EvidenceStrength
{
    Strong,
    Moderate,
    Limited,
    Insufficient,
}

/// <summary>The thing a claim is about: a drug, class, intervention or topic, by id.</summary>
public sealed record ClaimSubject(ClaimSubjectKind Kind, string Id);

/// <summary>Whether a topic is a factor people act on (posture, bed rest) or a condition (back pain itself).</summary>
public enum ClaimTopicKind
{
    Factor,
    Condition,
}

/// <summary>A subject of popular claims that is not a medicine or a treatment, with the words articles use for it.</summary>
public sealed record ClaimTopic(string Id, string Name, ClaimTopicKind Kind, ImmutableArray<string> Terms);

/// <summary>Extra words articles use for a drug class or an intervention ("exercise" for structured exercise therapy).</summary>
public sealed record ClaimAlias(ClaimSubject Subject, ImmutableArray<string> Terms);

/// <summary>
/// One claim-level statement of the evidence base (data/claims.yaml): about <see cref="Subject"/>, its effect on
/// <see cref="Outcome"/> goes <see cref="Direction"/> with <see cref="Strength"/>, in our words with sources. Article
/// claims are compared with these frames.
/// </summary>
/// <param name="Populations">Who the evidence is about (acute, subacute, chronic back pain); empty when it is not limited.</param>
public sealed record EvidenceClaim(
    string Id,
    ClaimSubject Subject,
    ClaimOutcome Outcome,
    ClaimDirection Direction,
    EvidenceStrength Strength,
    Statement Statement,
    ImmutableArray<Population> Populations);
